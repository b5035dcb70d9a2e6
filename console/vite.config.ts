import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the server at /console/ (server/src/plugins/console.ts); assets carry a content hash so the
// server may cache them for a year. `npm run dev` proxies the API to a running server.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    assetsDir: 'assets',
    // scripts/check-console-size.mjs reads it to add up what the first page loads.
    manifest: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
