import { defineConfig } from 'vitest/config';

// Resolve sibling workspaces to their TypeScript source (see packages/tsconfig/README.md).
const conditions = ['@myriad/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});
