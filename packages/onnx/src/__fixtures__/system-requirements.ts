import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests that need Debian's XGBoost / onnx packages. On CI (`CI=true`) a missing package fails the
 * run loudly (`.ci/run` installs them); locally the tests skip with a message saying what to install.
 */
export const PYTHON = '/usr/bin/python3';
export const XGBOOST_CLI = '/usr/bin/xgboost';

function pythonHas(modules: readonly string[]): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', modules.map((name) => `import ${name}`).join('; ')], { stdio: 'ignore' }).status === 0;
}

export interface Requirement {
  readonly available: boolean;
  readonly message: string;
}

function requirement(available: boolean, what: string, packages: string): Requirement {
  const message = `${what} not available: apt-get install -y ${packages}`;
  if (!available) {
    if (process.env.CI === 'true') throw new Error(`${message} (required on CI: .ci/run installs it)`);
    console.warn(`[skip] ${message}`);
  }
  return { available, message };
}

export const pythonXGBoost = (): Requirement => requirement(pythonHas(['xgboost', 'numpy']), 'Python xgboost', 'python3-xgboost');
export const pythonOnnx = (): Requirement => requirement(pythonHas(['onnx']), 'Python onnx', 'python3-onnx');
export const xgboostCli = (): Requirement => requirement(existsSync(XGBOOST_CLI), 'the xgboost command-line program', 'xgboost');
