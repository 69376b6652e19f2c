import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Type-aware rule tests start a TypeScript project service per fixture folder.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
