import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The Python that has Optuna 3.1 and psycopg2 (`TUNEKIT_PYTHON`, default /usr/bin/python3). */
export const PYTHON = process.env.TUNEKIT_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./optuna_postgres.py', import.meta.url));

/** SQLAlchemy 1.4 knows only the `postgresql://` spelling of PostgreSQL URLs. */
export function sqlalchemyUrl(url: string): string {
  return url.replace(/^postgres:\/\//, 'postgresql://');
}

/** Run `optuna_postgres.py <command> <url> <args...>` and parse its JSON output; rejects with Python's stderr. */
export function runOptuna<T = unknown>(command: string, url: string, ...args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, command, sqlalchemyUrl(url), ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`optuna_postgres.py ${command} failed: ${error.message}\n${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as T);
      } catch (parseError) {
        reject(new Error(`optuna_postgres.py ${command} printed no JSON: ${stdout}\n${stderr}`, { cause: parseError }));
      }
    });
  });
}

/** A trial as Python Optuna sees it (see `describe` in optuna_postgres.py). */
export interface OptunaTrialView {
  readonly number: number;
  readonly trial_id: number;
  readonly state: string;
  readonly params: Record<string, unknown>;
  readonly distributions: Record<string, string>;
  readonly values: (number | string)[] | null;
  readonly intermediate_values: Record<string, number | string>;
  readonly user_attrs: Record<string, unknown>;
  readonly system_attrs: Record<string, unknown>;
  readonly datetime_start: string | null;
  readonly datetime_complete: string | null;
}

export interface OptunaStudyView {
  readonly study_name: string;
  readonly directions: string[];
  readonly user_attrs: Record<string, unknown>;
  readonly system_attrs: Record<string, unknown>;
  readonly trials: OptunaTrialView[];
}
