import { defineConfig, type ViteUserConfig } from 'vitest/config';

// Resolve sibling workspaces to their TypeScript source (see packages/tsconfig/README.md).
const conditions = ['@myriad/source', 'module', 'node', 'development|production'];

/**
 * The vitest settings every workspace shares. Each writes a JSON report that
 * `.ci/count-tests.mjs` sums into the suite's closing line.
 */
export function workspaceConfig(include: string[] = ['src/**/*.test.ts']): ViteUserConfig {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include,
      testTimeout: 30_000,
      hookTimeout: 30_000,
      reporters: ['default', 'json'],
      outputFile: { json: 'node_modules/.vitest/vitest-report.json' },
    },
  });
}
