import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/integration/**/*.test.ts'],
    reporters: ['default', './test/support/summaryReporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: argon2 and SQLite work better with fewer, busier workers.
    maxWorkers: 2,
  },
});
