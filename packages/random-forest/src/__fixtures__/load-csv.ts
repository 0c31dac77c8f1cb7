import { readFileSync } from 'node:fs';

/** Test helper: a fixture CSV (header row, features, integer `target` last) as rows and labels. */
export function loadCsv(name: string): { x: number[][]; y: number[]; header: string[] } {
  const [head = '', ...lines] = readFileSync(new URL(`./${name}`, import.meta.url), 'utf8').trim().split('\n');
  const x = lines.map((line) => line.split(',').map(Number));
  const y = x.map((row) => row.pop() as number);
  return { x, y, header: head.split(',') };
}
