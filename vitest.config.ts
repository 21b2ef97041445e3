import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`): tests that inject a fault — a killed process, a full
 * disk, a Redis restart, a 429 storm, hostile input — and check what holds afterwards. The README's
 * "Faults" table lists what each injects. `npm test` runs the other tests, then these.
 */
export const FAULT_TESTS = [
  'test/faults/**/*.test.ts',
  'test/emulator/gateway.test.ts',
  'test/shards/shards.e2e.test.ts',
  'test/store/crossProcess.contract.test.ts',
];

export default defineConfig({
  test: {
    setupFiles: ['test/support/setup.ts'],
    globalSetup: ['test/support/redisNotice.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Unhandled rejections fail the run (vitest reports them as errors by default); keep it so.
    dangerouslyIgnoreUnhandledErrors: false,
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...FAULT_TESTS] },
      },
      { extends: true, test: { name: 'faults', include: FAULT_TESTS } },
    ],
  },
});
