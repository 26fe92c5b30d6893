import { defineConfig } from 'vitest/config';

/** The benchmark helpers' own tests: `npx vitest run -c bench/vitest.config.ts`. */
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
