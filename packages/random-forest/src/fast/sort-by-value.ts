/**
 * Sort `keys[lo:hi)` ascending and apply the same permutation to `items[lo:hi)`: an introsort
 * (median-of-three quicksort with three-way partitioning, heapsort past a depth limit, insertion
 * sort for short runs), as scikit-learn's splitter sorts a node's samples by a feature. The
 * three-way partition keeps runs of equal values (integer pixel counts, ...) linear.
 */
export function sortByValue(keys: Float64Array, items: Int32Array, lo: number, hi: number): void {
  if (hi - lo > 1) introsort(keys, items, lo, hi, 2 * Math.floor(Math.log2(hi - lo)));
}

function swap(keys: Float64Array, items: Int32Array, i: number, j: number): void {
  const k = keys[i] as number;
  keys[i] = keys[j] as number;
  keys[j] = k;
  const t = items[i] as number;
  items[i] = items[j] as number;
  items[j] = t;
}

function medianOfThree(keys: Float64Array, lo: number, hi: number): number {
  const a = keys[lo] as number;
  const b = keys[(lo + hi) >>> 1] as number;
  const c = keys[hi - 1] as number;
  if (a < b) {
    if (b < c) return b;
    return a < c ? c : a;
  }
  if (b > c) return b;
  return a > c ? c : a;
}

function insertionSort(keys: Float64Array, items: Int32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const key = keys[i] as number;
    const item = items[i] as number;
    let j = i - 1;
    while (j >= lo && (keys[j] as number) > key) {
      keys[j + 1] = keys[j] as number;
      items[j + 1] = items[j] as number;
      j--;
    }
    keys[j + 1] = key;
    items[j + 1] = item;
  }
}

function introsort(keys: Float64Array, items: Int32Array, lo: number, hi: number, depth: number): void {
  while (hi - lo > 16) {
    if (depth === 0) {
      heapsort(keys, items, lo, hi);
      return;
    }
    depth--;
    const pivot = medianOfThree(keys, lo, hi);
    // Three-way partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot.
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i < gt) {
      const key = keys[i] as number;
      if (key < pivot) swap(keys, items, i++, lt++);
      else if (key > pivot) swap(keys, items, i, --gt);
      else i++;
    }
    // Recurse into the smaller side, loop on the larger: O(log n) stack.
    if (lt - lo < hi - gt) {
      introsort(keys, items, lo, lt, depth);
      lo = gt;
    } else {
      introsort(keys, items, gt, hi, depth);
      hi = lt;
    }
  }
  insertionSort(keys, items, lo, hi);
}

function siftDown(keys: Float64Array, items: Int32Array, base: number, start: number, end: number): void {
  let root = start;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && (keys[base + child] as number) < (keys[base + child + 1] as number)) child++;
    if ((keys[base + root] as number) >= (keys[base + child] as number)) return;
    swap(keys, items, base + root, base + child);
    root = child;
  }
}

function heapsort(keys: Float64Array, items: Int32Array, lo: number, hi: number): void {
  const n = hi - lo;
  for (let start = (n >>> 1) - 1; start >= 0; start--) siftDown(keys, items, lo, start, n);
  for (let end = n - 1; end > 0; end--) {
    swap(keys, items, lo, lo + end);
    siftDown(keys, items, lo, 0, end);
  }
}
