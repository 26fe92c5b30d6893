import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
// `npm run dev:web` serves the dashboard with hot reload and forwards the API to a running Vigil.
const vigilUrl = process.env.VIGIL_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: vigilUrl, changeOrigin: false, ws: true },
      '/socket.io': { target: vigilUrl, ws: true },
      '/healthz': { target: vigilUrl },
    },
  },
});
