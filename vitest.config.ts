import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/electron/shell/**', 'test/bench/**'],
          environment: 'node',
        },
      },
      {
        // Real Chromium and real processes: one file at a time, generous timeouts
        // (these bound hangs; they do not measure speed).
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/electron/shell/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
