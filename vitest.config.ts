// Two projects: fast unit tests, and e2e tests against the real local control plane (started once per run).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report lets CI print one closing `N passed, N failed` line for the whole run.
    reporters: ['default', ['json', { outputFile: '.cache/test-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // The control plane has 2 cores to share; a few files at once is the sweet spot.
          maxWorkers: 2,
        },
      },
    ],
  },
});
