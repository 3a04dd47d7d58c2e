import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));
const webRoot = path.join(repoRoot, 'src/web');

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [
    react(),
    // Installable, and it opens with no signal: the service worker (src/web/sw.ts) keeps the app on the phone.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        name: '邻里 Linli',
        short_name: '邻里',
        description: '社区工作者、党委和楼门长的工作系统',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f5f5',
        theme_color: '#1d3a8a',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The monthly chart's ECharts is fetched when that page is opened, not kept ahead on every phone.
        globIgnores: ['**/ValueChart-*.js'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
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
