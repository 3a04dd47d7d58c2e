import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));
const webRoot = path.join(repoRoot, 'src/web');

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [
    react(),
    // Compressed once here at the highest quality; the server sends the .br or .gz beside each file.
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      include: /\.(js|css|html|svg|json|webmanifest)$/,
      threshold: 512,
    }),
  ],
  build: {
    outDir: path.join(repoRoot, 'dist/web'),
    emptyOutDir: true,
    // The bundle budgets are read from the manifest (test/support/webBundle.ts).
    manifest: true,
    rollupOptions: {
      // Two pages: the staff app, and the residents' pages reached by a QR code, which carry none of it.
      input: {
        index: path.join(webRoot, 'index.html'),
        public: path.join(webRoot, 'public.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
    },
  },
});
