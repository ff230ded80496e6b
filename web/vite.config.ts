import { defineConfig } from 'vite';

// The reader is served by the service under /reader/ (see the README, "Reader"). In development,
// `npm run dev` serves it on http://localhost:5173/reader/ and forwards /graphql to the service.
const service = process.env.READER_SERVICE_URL ?? 'http://localhost:8080';

export default defineConfig({
  base: '/reader/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  server: {
    proxy: {
      '/graphql': { target: service, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
