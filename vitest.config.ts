import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start real servers and load generators: run files one at a time so
    // timing-sensitive tests do not fight each other for the machine's two cores.
    fileParallelism: false,
  },
});
