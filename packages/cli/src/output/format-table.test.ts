import { describe, expect, it } from 'vitest';
import { formatTable, formatTableNumber, stripControlCharacters } from './format-table.js';

describe('formatTable', () => {
  it('aligns columns, right-aligns numbers, leaves missing cells empty', () => {
    const text = formatTable({
      columns: ['number', 'state', 'params.x', 'params.act'],
      rows: [
        { number: 0, state: 'complete', 'params.x': 0.5, 'params.act': 'relu' },
        { number: 10, state: 'fail', 'params.x': 123.456789 },
      ],
    });
    expect(text).toBe(['number  state     params.x  params.act', '------  --------  --------  ----------', '     0  complete       0.5  relu', '    10  fail       123.457'].join('\n') + '\n');
  });

  it('renders JSON values as JSON and strips control characters from strings and headers', () => {
    const text = formatTable({ columns: ['params.\u001b[31mx', 'v'], rows: [{ 'params.\u001b[31mx': 'a\u001b]0;title\u0007b\r\nc', v: [1, 'two', null] }] });
    expect(text).not.toMatch(/[\u0000-\u001f](?<!\n)/);
    expect(text.split('\n')[0]).toBe('params.[31mx  v');
    expect(text.split('\n')[2]).toBe('a]0;titlebc   [1,"two",null]');
  });

  it('removes bidi overrides that could reorder what a terminal shows', () => {
    expect(stripControlCharacters('abc\u202edef\u2066x')).toBe('abcdefx');
  });

  it('prints nothing for no rows', () => {
    expect(formatTable({ columns: ['a'], rows: [] })).toBe('');
  });
});

describe('formatTableNumber', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [-3, '-3'],
    [0.1 + 0.2, '0.3'],
    [1234.56789, '1234.57'],
    [0.000012345678, '1.23457e-5'],
    [1e-5, '1e-5'],
    [2.5e12, '2500000000000'],
    [1.5e20, '1.5e+20'],
    [-0.00054321, '-0.00054321'],
  ])('%d → %s', (value, text) => {
    expect(formatTableNumber(value)).toBe(text);
  });
});
