import { defineConfig } from 'vitest/config';

// Unit tests of the reader's own logic (no browser, no service).
export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
