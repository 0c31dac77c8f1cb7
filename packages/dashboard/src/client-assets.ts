import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The browser files under `src/client/` (shipped with the package; not compiled). */
export type ClientAssetName = 'tunekit-ui.js' | 'report-app.js' | 'dashboard-app.js' | 'tunekit.css' | 'dashboard.html';

// `../src/client/` resolves to the same folder from `src/*.ts` (tests, the `source` condition) and
// from `dist/*.js` (the published build): tsc does not copy non-TS files, so they stay in src/.
const CLIENT_DIR = new URL('../src/client/', import.meta.url);
const cache = new Map<string, string>();

/** The text of a browser file of this package (cached after the first read). */
export function readClientAsset(name: ClientAssetName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name, CLIENT_DIR), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Absolute path of the installed ECharts browser build (`echarts/dist/echarts.min.js`). */
export function echartsPath(): string {
  return createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
}

/** The ECharts browser build, read from the installed `echarts` package (cached). */
export function readEcharts(): string {
  let text = cache.get('echarts');
  if (text === undefined) {
    text = readFileSync(echartsPath(), 'utf8');
    cache.set('echarts', text);
  }
  return text;
}

/** Where the client files are, as a path (for the README and error messages). */
export function clientDirectory(): string {
  return fileURLToPath(CLIENT_DIR);
}
