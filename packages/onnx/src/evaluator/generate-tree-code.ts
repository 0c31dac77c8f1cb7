import type { XGBoostModel, XGBoostTree } from '../xgboost/xgboost-model.js';

/**
 * JavaScript source for a group of trees: each tree becomes nested `if`s with its features,
 * thresholds and leaf weights as literals, which V8 compiles to straight-line branches (about
 * twice as fast as walking node arrays). One function covers a few trees: large functions are
 * not optimised by V8, and per-tree functions pay a call each.
 *
 * A missing value must go to the default side without an extra test: for default-left nodes the
 * condition is `!(x >= t)` (true for x < t and for NaN), for default-right nodes `x < t` (false
 * for NaN). Each output's margin stays in a local (`a0`, `a1`, ...) across the chunk's trees and
 * every leaf adds with `Math.fround`: XGBoost's float32 accumulation, in tree order. Only numbers
 * from typed arrays enter the source, so the model cannot inject code.
 */
export interface TreeCodeChunk {
  /** Source of a function `(x, out, start, end) => void` adding the chunk's trees to `out` for rows `[start, end)`. */
  readonly source: string;
  readonly firstTree: number;
  readonly lastTree: number;
}

/** Nodes per generated function, tuned on a 300-tree depth-6 model (V8 12, Node 20). */
const NODES_PER_FUNCTION = 512;

function literal(value: number): string {
  // String(number) is the shortest text that parses back to the same double (float32 values included).
  return Object.is(value, -0) ? '-0' : String(value);
}

function treeSource(tree: XGBoostTree, group: number, lines: string[]): void {
  const walk = (node: number, indent: string): void => {
    const left = tree.left[node] as number;
    if (left === -1) {
      lines.push(`${indent}a${group} = Math.fround(a${group} + ${literal(tree.threshold[node] as number)});`);
      return;
    }
    const value = `x[o + ${tree.feature[node] as number}]`;
    const threshold = literal(tree.threshold[node] as number);
    lines.push(`${indent}if (${tree.defaultLeft[node] === 1 ? `!(${value} >= ${threshold})` : `${value} < ${threshold}`}) {`);
    walk(left, `${indent} `);
    lines.push(`${indent}} else {`);
    walk(tree.right[node] as number, `${indent} `);
    lines.push(`${indent}}`);
  };
  walk(0, '  ');
}

function reachableCount(tree: XGBoostTree): number {
  let count = 0;
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    count++;
    if (tree.left[node] !== -1) stack.push(tree.left[node] as number, tree.right[node] as number);
  }
  return count;
}

/** Split trees `[firstTree, lastTree)` of a model into generated functions. */
export function generateTreeCode(model: XGBoostModel, firstTree = 0, lastTree = model.trees.length): TreeCodeChunk[] {
  const chunks: TreeCodeChunk[] = [];
  let start = firstTree;
  while (start < lastTree) {
    let end = start;
    let nodes = 0;
    while (end < lastTree && (end === start || nodes + reachableCount(model.trees[end] as XGBoostTree) <= NODES_PER_FUNCTION)) {
      nodes += reachableCount(model.trees[end] as XGBoostTree);
      end++;
    }
    const groups = [...new Set(Array.from(model.treeGroups.subarray(start, end)))].sort((a, b) => a - b);
    const lines = ['"use strict";', 'return function trees(x, out, start, end) {', ' for (let r = start; r < end; r++) {', `  const o = r * ${model.nFeatures};`, `  const s = r * ${model.nGroups};`];
    for (const group of groups) lines.push(`  let a${group} = out[s + ${group}];`);
    for (let tree = start; tree < end; tree++) treeSource(model.trees[tree] as XGBoostTree, model.treeGroups[tree] as number, lines);
    for (const group of groups) lines.push(`  out[s + ${group}] = a${group};`);
    lines.push(' }', '};');
    chunks.push({ source: lines.join('\n'), firstTree: start, lastTree: end });
    start = end;
  }
  return chunks;
}

export type TreeFunction = (x: Float32Array, out: Float32Array, start: number, end: number) => void;

/** Compile generated sources; `undefined` where code generation from strings is disabled. */
export function compileTreeCode(chunks: readonly TreeCodeChunk[]): TreeFunction[] | undefined {
  try {
    return chunks.map((chunk) => new Function(chunk.source)() as TreeFunction);
  } catch (error) {
    if (error instanceof EvalError) return undefined;
    throw error;
  }
}
