import { describe, expect, it } from 'vitest';
import { attrsFromRows, decodeAttrJson, encodeAttrJson } from './optuna-attr-json.js';

describe('attribute JSON', () => {
  it("reads Python json.dumps output, including its spacing, \\u escapes and non-finite floats (as null)", () => {
    expect(decodeAttrJson('{"a": [1, 2.5, null, true], "b": "\\u00fc\\u2713 \\ud83c\\udf89"}')).toEqual({ a: [1, 2.5, null, true], b: 'ü✓ 🎉' });
    expect(decodeAttrJson('[NaN, Infinity, -Infinity, 1]')).toEqual([null, null, null, 1]);
    expect(decodeAttrJson('{"s": "NaN and Infinity stay text", "n": NaN}')).toEqual({ s: 'NaN and Infinity stay text', n: null });
    expect(decodeAttrJson('"quote \\" NaN"')).toBe('quote " NaN');
  });

  it('writes standard JSON and refuses text that is not JSON', () => {
    expect(encodeAttrJson({ k: [1, 'x', null] })).toBe('{"k":[1,"x",null]}');
    expect(() => decodeAttrJson('{bad')).toThrow(/value_json/);
  });

  it("builds records with '__proto__' as an ordinary key and skips reserved keys", () => {
    const attrs = attrsFromRows(
      [
        { key: '__proto__', valueJson: '{"x": 1}' },
        { key: 'hidden', valueJson: '1' },
        { key: 'k', valueJson: '"v"' },
      ],
      (key) => key === 'hidden',
    );
    expect(Object.keys(attrs)).toEqual(['__proto__', 'k']);
    expect(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
  });
});
