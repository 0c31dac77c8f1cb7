import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`), or `$TUNEKIT_CHROMIUM`. */
export const CHROMIUM_PATH = process.env.TUNEKIT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

/**
 * Whether the browser tests can run. Without Chromium they are skipped locally (with a message
 * saying why), but under `CI=true` a missing browser is a failure: CI installs it.
 */
export function browserTestMode(): 'run' | 'skip' | 'fail' {
  if (existsSync(CHROMIUM_PATH)) return 'run';
  if (process.env.CI === 'true') return 'fail';
  console.warn(`Skipping the browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set TUNEKIT_CHROMIUM). Under CI=true they fail instead.`);
  return 'skip';
}

export const MISSING_CHROMIUM_MESSAGE = `No Chromium at ${CHROMIUM_PATH}: CI must install it (apt-get install -y chromium) so that the report and dashboard are tested in a real browser`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
