export { PostgresStorage } from './postgres-storage.js';
export type { PostgresStorageInput, PostgresStorageOptions } from './postgres-storage.js';
export type { PostgresConnection } from './postgres-connection.js';
export { openStorage } from './open-storage.js';
