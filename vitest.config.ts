import { defineConfig } from 'vitest/config';

// One root config: `pnpm test` runs every package's co-located tests on sources
// (the `source` export condition), no build step first.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Type tests (*.test-d.ts) run through tsc alongside the runtime tests.
    typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts'], tsconfig: 'packages/core/tsconfig.json', ignoreSourceErrors: true },
  },
});
