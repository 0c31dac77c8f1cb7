export { SQLiteStorage } from './sqlite-storage.js';
export type { SQLiteStorageOptions } from './sqlite-storage.js';
export { openStorage } from './open-storage.js';
export { parseSqliteUrl } from './parse-sqlite-url.js';
