import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/setup-renderer.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: one for the tests, one for the servers and browsers they start.
    maxWorkers: 2,
    // Tests run where no OS keychain is (CI starts one only for the tests that need it): books are plain
    // unless a test asks for encryption, as test/integration/db/encryption*.test.ts and cli/encryption.test.ts do.
    env: { ATELIER_DB_PLAIN: '1' },
  },
});
