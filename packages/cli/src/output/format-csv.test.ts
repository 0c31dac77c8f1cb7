import { describe, expect, it } from 'vitest';
import { formatCsv, quoteCsvField } from './format-csv.js';

describe('formatCsv (RFC 4180)', () => {
  it('writes a header and CRLF-terminated records with exact numbers', () => {
    const csv = formatCsv({ columns: ['number', 'value', 'params.x'], rows: [{ number: 0, value: 0.1 + 0.2, 'params.x': 1e-7 }, { number: 1 }] });
    expect(csv).toBe('number,value,params.x\r\n0,0.30000000000000004,1e-7\r\n1,,\r\n');
  });

  it('quotes fields with commas, quotes, CR or LF and doubles inner quotes; keeps other characters', () => {
    expect(quoteCsvField('plain text')).toBe('plain text');
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvField('cr\rhere')).toBe('"cr\rhere"');
    expect(quoteCsvField('\u001b[31m')).toBe('\u001b[31m');
  });

  it('writes JSON values (arrays, objects, booleans, null) as JSON text, quoted as needed', () => {
    const csv = formatCsv({ columns: ['a', 'b', 'c', 'd'], rows: [{ a: [1, 2], b: { k: 'v' }, c: true, d: null }] });
    expect(csv).toBe('a,b,c,d\r\n"[1,2]","{""k"":""v""}",true,null\r\n');
  });

  it('round-trips through a strict RFC 4180 reader', () => {
    const cells = ['x', 'a,"b"\r\nc', '', ' lead', 'é ✓'];
    const csv = formatCsv({ columns: cells.map((_, index) => `c${index}`), rows: [Object.fromEntries(cells.map((cell, index) => [`c${index}`, cell]))] });
    expect(parseCsv(csv)[1]).toEqual(cells);
  });
});

/** A minimal RFC 4180 reader, to check what the writer produces. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  while (index < text.length) {
    if (text[index] === '"') {
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        field += text.slice(index, quote);
        index = quote + 1;
        if (text[index] === '"') {
          field += '"';
          index++;
        } else break;
      }
    }
    const char = text[index];
    if (char === ',') {
      record.push(field);
      field = '';
      index++;
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 2;
    } else {
      field += char;
      index++;
    }
  }
  return records;
}
