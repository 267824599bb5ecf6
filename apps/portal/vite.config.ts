import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  plugins: [solid()],
  server: {
    proxy: { '/trpc': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    // The server's CSP forbids inline scripts and styles: every asset stays an external file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
