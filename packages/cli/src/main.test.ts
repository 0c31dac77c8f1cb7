import { describe, expect, it } from 'vitest';
import { runTunekit, useTempWorkspaces } from './__fixtures__/run-tunekit.js';
import { COMMANDS } from './commands/command-list.js';

const workspace = useTempWorkspaces();

describe('tunekit (main)', () => {
  it('lists every command with --help and exits 0', async () => {
    const result = await runTunekit(['--help'], { cwd: workspace().dir });
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name} `);
    expect(result.stdout).toContain('Examples:');
    expect(result.stderr).toBe('');
  });

  it('prints the help on stderr and exits 2 without a command', async () => {
    const result = await runTunekit([], { cwd: workspace().dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: tunekit <command>');
    expect(result.stdout).toBe('');
  });

  it.each(COMMANDS.map((command) => command.name))('shows usage, options and examples for `%s --help` and `help %s`', async (name) => {
    const dir = workspace().dir;
    const viaFlag = await runTunekit([name, '--help'], { cwd: dir });
    const viaHelp = await runTunekit(['help', name], { cwd: dir });
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: tunekit ${name}`));
    expect(viaFlag.stdout).toContain('Options:');
    expect(viaFlag.stdout).toMatch(/Examples:\n {2}tunekit /);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('prints the package version', async () => {
    const result = await runTunekit(['--version'], { cwd: workspace().dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with exit 2 and a suggestion', async () => {
    const result = await runTunekit(['trails', '--study', 'x'], { cwd: workspace().dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tunekit: error: Unknown command "trails"\. Did you mean 'trials'\?/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects an unknown flag with exit 2, naming it and the command', async () => {
    const result = await runTunekit(['studies', '--formt', 'json'], { cwd: workspace().dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tunekit studies: error: Unknown option '--formt'");
    expect(result.stderr).toContain("see 'tunekit studies --help'");
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints a stack trace only with --debug (before or after the command)', async () => {
    const dir = workspace().dir;
    const plain = await runTunekit(['trials', '--storage', 'redis://localhost'], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    for (const argv of [['--debug', 'trials', '--storage', 'redis://localhost'], ['trials', '--storage', 'redis://localhost', '--debug']]) {
      const debug = await runTunekit(argv, { cwd: dir });
      expect(debug.code).toBe(2);
      expect(debug.stderr.split('\n')[0]).toBe(plain.stderr.split('\n')[0]);
      expect(debug.stderr).toMatch(/\n\s+at /);
    }
  });
});
