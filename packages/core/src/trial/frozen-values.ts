/** A `Map` that refuses writes: what `FrozenTrial.intermediateValues` is at runtime. */
export class FrozenMap<K, V> extends Map<K, V> {
  constructor(entries?: Iterable<readonly [K, V]>) {
    super();
    for (const [key, value] of entries ?? []) super.set(key, value);
    Object.freeze(this);
  }

  override set(): this {
    throw new TypeError('Cannot modify a frozen trial record (intermediateValues is read-only)');
  }

  override delete(): boolean {
    throw new TypeError('Cannot modify a frozen trial record (intermediateValues is read-only)');
  }

  override clear(): void {
    throw new TypeError('Cannot modify a frozen trial record (intermediateValues is read-only)');
  }
}

const DATE_SETTERS = Object.getOwnPropertyNames(Date.prototype).filter((name) => name.startsWith('set'));

/** A `Date` whose setters throw: what `FrozenTrial.datetimeStart` / `datetimeComplete` are. */
export class FrozenDate extends Date {
  constructor(value: number | Date) {
    super(typeof value === 'number' ? value : value.getTime());
    Object.freeze(this);
  }
}
for (const name of DATE_SETTERS) {
  Object.defineProperty(FrozenDate.prototype, name, {
    value() {
      throw new TypeError(`Cannot modify a frozen trial record (Date.${name})`);
    },
  });
}

/** A frozen copy of a date, or undefined. */
export function freezeDate(value: Date | number | undefined | null): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof FrozenDate) return value;
  return new FrozenDate(value);
}
