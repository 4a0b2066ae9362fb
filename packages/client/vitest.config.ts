import { workspaceConfig } from '../../vitest.shared.js';

export default workspaceConfig(['src/**/*.test.ts', 'test/**/*.test.ts']);
