/**
 * `@tunekit/dashboard`: see a tunekit study. `renderReport` writes one self-contained HTML file
 * (plots, summary, sortable trials table; works offline); `startDashboard` serves a live,
 * read-only web UI over any storage. Both draw the plot data of `@tunekit/core` with Apache
 * ECharts, inlined or served from the installed package (never a CDN).
 */
export { echartsPath } from './client-assets.js';
export { startDashboard, trialDetail } from './dashboard-server.js';
export type { DashboardOptions, DashboardServer } from './dashboard-server.js';
export { escapeHtml, jsonForScript } from './html-escape.js';
export { computeParamImportances } from './param-importances.js';
export type { ImportanceResult } from './param-importances.js';
export { renderReport } from './render-report.js';
export type { RenderReportOptions } from './render-report.js';
export { buildStudyPayload, loadStudyPayload, studyVersion, studyVersionOf } from './study-payload.js';
export type { BuildStudyPayloadOptions, PayloadStage, StudyInfo, StudyPayload } from './study-payload.js';
export { getTrialTableData, STATE_ORDER } from './trial-table-data.js';
export type { TrialCell, TrialColumn, TrialColumnKind, TrialTableData, TrialTableOptions } from './trial-table-data.js';
