import { createHash } from 'node:crypto';
import { readClientAsset, readEcharts } from './client-assets.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import type { StudyPayload } from './study-payload.js';

export interface RenderReportOptions {
  /** The page title. Default `tunekit report · <study name>`. */
  readonly title?: string;
}

/**
 * One self-contained HTML file for a study: ECharts (read from the installed `echarts` package),
 * the page code and the study data are all inline, so it opens offline, from disk, with no
 * network. The data sits in a `<script type="application/json">` (never executed; `<` written
 * as `\u003c`); the page code builds the DOM with `textContent` only, so study, param and attr
 * names and values always show as text. A CSP allows exactly the inline scripts of the file
 * (by hash): even markup that slipped in could run nothing.
 */
export function renderReport(payload: StudyPayload, options: RenderReportOptions = {}): string {
  const scripts = [readEcharts(), readClientAsset('tunekit-ui.js'), readClientAsset('report-app.js')].map(safeInlineScript);
  const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
  const csp = `default-src 'none'; script-src ${hashes.join(' ')}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = options.title ?? `tunekit report · ${payload.study.studyName}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Only quotes, base64 and keywords: nothing to escape in a double-quoted attribute.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="tunekit">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${readClientAsset('tunekit.css')}</style>`,
    '</head>',
    '<body>',
    '<div id="app" class="tk-app" data-mode="report"><p class="tk-loading">Loading the report…</p></div>',
    `<script type="application/json" id="tunekit-data">${jsonForScript(payload)}</script>`,
    ...scripts.map((script) => `<script>${script}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Script text that cannot end its `<script>` element early. */
function safeInlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
