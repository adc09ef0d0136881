import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Deadlines must not depend on the machine's zone: every test runs as if the host were in UTC,
    // and the domain is asked explicitly for Asia/Shanghai.
    env: { TZ: 'UTC' },
    // Compiles dist/, finds or starts PostgreSQL, and brings a browser (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share one PostgreSQL server; each file gets its own database, but CPU is 2 cores.
    maxWorkers: 2,
  },
});
