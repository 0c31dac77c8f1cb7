import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TUNEKIT_INTERMEDIATE_ATTR_PREFIX,
  TUNEKIT_VALUES_ATTR,
  decodeExactIntermediateValue,
  decodeExactNumber,
  decodeExactTrialValues,
  decodeIntermediateValue,
  decodeTrialValue,
  encodeExactNumber,
  encodeIntermediateValue,
  encodeTrialValues,
  isReservedSystemAttrKey,
  upgradeLegacyIntermediateValue,
  upgradeLegacyTrialValue,
} from './optuna-value-encoding.js';

const F32_MAX = 3.4028234663852886e38;

/** What a SQLite REAL column gives back: NaN becomes NULL, -0 becomes 0. */
function throughSqlite(value: number | null): number | null {
  if (value === null || Number.isNaN(value)) return null;
  return value === 0 ? 0 : value;
}

describe('objective values', () => {
  it("writes Optuna's value_type tags: infinities as NULL + INF_POS / INF_NEG", () => {
    expect(encodeTrialValues([1.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual({
      rows: [
        { objective: 0, value: 1.5, valueType: 'FINITE' },
        { objective: 1, value: null, valueType: 'INF_POS' },
        { objective: 2, value: null, valueType: 'INF_NEG' },
      ],
      exact: undefined,
    });
    expect(decodeTrialValue(null, 'INF_POS')).toBe(Number.POSITIVE_INFINITY);
    expect(decodeTrialValue(null, 'INF_NEG')).toBe(Number.NEGATIVE_INFINITY);
    expect(decodeTrialValue(2, 'FINITE')).toBe(2);
  });

  it('keeps NaN (no rows: Optuna cannot read it) and -0 (rows plus the exact copy) in the tunekit:values attr', () => {
    expect(encodeTrialValues([Number.NaN, 1])).toEqual({ rows: [], exact: ['NaN', 1] });
    expect(encodeTrialValues([-0, 2])).toEqual({ rows: [{ objective: 0, value: -0, valueType: 'FINITE' }, { objective: 1, value: 2, valueType: 'FINITE' }], exact: ['-0', 2] });
    expect(decodeExactTrialValues(['NaN', 'Infinity', '-Infinity', '-0', 3])).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 3]);
    expect(Object.is(decodeExactTrialValues(['-0'])[0], -0)).toBe(true);
  });

  it('round-trips every double bit for bit through rows stored in SQLite plus the exact attr', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 4 }), (values) => {
        const encoded = encodeTrialValues(values);
        const decoded =
          encoded.exact !== undefined
            ? decodeExactTrialValues(JSON.parse(JSON.stringify(encoded.exact)))
            : encoded.rows.map((row) => decodeTrialValue(throughSqlite(row.value), row.valueType));
        expect(decoded.length).toBe(values.length);
        decoded.forEach((value, index) => expect(Object.is(value, values[index]), `${value} vs ${values[index]}`).toBe(true));
      }),
    );
  });

  it('refuses unknown tags and a NULL finite value', () => {
    expect(() => decodeTrialValue(null, 'FINITE')).toThrow(/FINITE/);
    expect(() => decodeTrialValue(1, 'NAN')).toThrow(/value_type/);
    expect(() => decodeExactNumber('nan')).toThrow(/NaN/);
  });
});

describe('intermediate values', () => {
  it("uses Optuna's intermediate_value_type, NAN included", () => {
    expect(encodeIntermediateValue(Number.NaN)).toEqual({ value: null, valueType: 'NAN', exact: undefined });
    expect(encodeIntermediateValue(Number.POSITIVE_INFINITY)).toEqual({ value: null, valueType: 'INF_POS', exact: undefined });
    expect(encodeIntermediateValue(-1e300)).toEqual({ value: -1e300, valueType: 'FINITE', exact: undefined });
    expect(decodeIntermediateValue(null, 'NAN')).toBeNaN();
    expect(decodeIntermediateValue(null, 'INF_NEG')).toBe(Number.NEGATIVE_INFINITY);
    expect(() => decodeIntermediateValue(null, 'FINITE')).toThrow();
  });

  it('stores the first component of a vector in the row and the whole vector as the exact attr', () => {
    const stored = encodeIntermediateValue([Number.NaN, 2, Number.NEGATIVE_INFINITY]);
    expect(stored).toEqual({ value: null, valueType: 'NAN', exact: ['NaN', 2, '-Infinity'] });
    expect(decodeExactIntermediateValue(JSON.parse(JSON.stringify(stored.exact)))).toEqual([Number.NaN, 2, Number.NEGATIVE_INFINITY]);
    expect(encodeIntermediateValue([0.5]).exact).toEqual([0.5]);
    expect(decodeExactIntermediateValue([0.5])).toEqual([0.5]);
  });

  it('keeps -0 through the exact attr', () => {
    const stored = encodeIntermediateValue(-0);
    expect(stored.exact).toBe('-0');
    expect(Object.is(decodeExactIntermediateValue('-0'), -0)).toBe(true);
  });

  it('round-trips every double (scalar and vector)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.array(fc.double(), { minLength: 1, maxLength: 3 })), (value) => {
        const stored = encodeIntermediateValue(value);
        const decoded = stored.exact !== undefined ? decodeExactIntermediateValue(JSON.parse(JSON.stringify(stored.exact))) : decodeIntermediateValue(throughSqlite(stored.value), stored.valueType);
        if (typeof value === 'number') expect(Object.is(decoded, value)).toBe(true);
        else expect((decoded as number[]).every((item, index) => Object.is(item, value[index]))).toBe(true);
      }),
    );
  });
});

describe('exact numbers and reserved keys', () => {
  it('spells out what JSON cannot hold and leaves other numbers alone', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1e-320].map(encodeExactNumber)).toEqual(['NaN', 'Infinity', '-Infinity', '-0', 0, 1e-320]);
  });

  it('reserves tunekit:values and tunekit:intermediate_value:<step> only', () => {
    expect(isReservedSystemAttrKey(TUNEKIT_VALUES_ATTR)).toBe(true);
    expect(isReservedSystemAttrKey(`${TUNEKIT_INTERMEDIATE_ATTR_PREFIX}3`)).toBe(true);
    expect(isReservedSystemAttrKey('tunekit:other')).toBe(false);
    expect(isReservedSystemAttrKey('fail_reason')).toBe(false);
  });
});

describe("Optuna 2.x values (migrations v3.0.0.c / v3.0.0.d)", () => {
  it('turns float32-clipped infinities back into infinities, like numpy.isclose in the migration', () => {
    expect(upgradeLegacyTrialValue(F32_MAX)).toEqual({ value: null, valueType: 'INF_POS' });
    expect(upgradeLegacyTrialValue(-F32_MAX * (1 + 1e-6))).toEqual({ value: null, valueType: 'INF_NEG' });
    expect(upgradeLegacyTrialValue(Number.POSITIVE_INFINITY)).toEqual({ value: null, valueType: 'INF_POS' });
    expect(upgradeLegacyTrialValue(1e17)).toEqual({ value: 1e17, valueType: 'FINITE' });
    expect(upgradeLegacyTrialValue(F32_MAX * 0.9)).toEqual({ value: F32_MAX * 0.9, valueType: 'FINITE' });
    expect(() => upgradeLegacyTrialValue(null)).toThrow();
  });

  it('reads NULL intermediate values as NaN', () => {
    expect(upgradeLegacyIntermediateValue(null)).toEqual({ value: null, valueType: 'NAN' });
    expect(upgradeLegacyIntermediateValue(-F32_MAX)).toEqual({ value: null, valueType: 'INF_NEG' });
    expect(upgradeLegacyIntermediateValue(0.5)).toEqual({ value: 0.5, valueType: 'FINITE' });
  });
});
