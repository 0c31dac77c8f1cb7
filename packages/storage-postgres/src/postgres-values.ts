import type { CustomTypesConfig } from 'pg';

/**
 * How values cross the wire, independent of node-postgres's global type parsers (which an
 * application may have changed): every query passes `TYPES`.
 */

const FLOAT4 = 700;
const FLOAT8 = 701;
const INT8 = 20;
const NUMERIC = 1700;
const INT2 = 21;
const INT4 = 23;
const BOOL = 16;
const JSON_OID = 114;
const JSONB = 3802;

const identity = (text: string): string => text;
// PostgreSQL (>= 12) prints float8 in the shortest form that reads back to the same double, and
// parseFloat reads 'NaN', 'Infinity', '-Infinity' and '-0': every double round-trips exactly.
const float = (text: string): number => Number.parseFloat(text);
const integer = (text: string): number => Number(text);
const bool = (text: string): boolean => text === 't' || text === 'true';
const json = (text: string): unknown => JSON.parse(text);

/** Parsers for the column types tunekit reads; everything else (timestamps, enums, text) stays text. */
export const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number) => {
    switch (oid) {
      case FLOAT4:
      case FLOAT8:
        return float;
      case INT2:
      case INT4:
      case INT8:
      case NUMERIC:
        return integer;
      case BOOL:
        return bool;
      case JSON_OID:
      case JSONB:
        return json;
      default:
        return identity;
    }
  }) as CustomTypesConfig['getTypeParser'],
};

/**
 * A double as a query parameter. node-postgres sends `String(value)`, which turns -0 into "0";
 * PostgreSQL's float8 input reads "-0", "NaN", "Infinity" and "-Infinity".
 */
export function floatParam(value: number | null): string | null {
  if (value === null) return null;
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * `to_char` pattern that prints a `timestamp without time zone` as Optuna's
 * `'YYYY-MM-DD HH:MM:SS.ffffff'`, whatever the session's DateStyle.
 */
export const TIMESTAMP_FORMAT = "'YYYY-MM-DD HH24:MI:SS.US'";

/** Largest value of PostgreSQL's `integer` (Optuna's `step`, `number`, ids). */
export const MAX_INT4 = 2_147_483_647;

/** Whether `id` can be a row id (a positive int4); anything else names no row. */
export function isRowId(id: unknown): id is number {
  return typeof id === 'number' && Number.isInteger(id) && id >= -MAX_INT4 - 1 && id <= MAX_INT4;
}
