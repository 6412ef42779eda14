import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './electron/main/security';

/**
 * The built page carries its CSP in a meta tag: response headers do not reach file:// pages in Electron.
 * (frame-ancestors is header-only; the web server sends it.) The dev server keeps no meta CSP: React's
 * refresh preamble is an inline script.
 */
const metaCsp = (): Plugin => ({
  name: 'atelier-meta-csp',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace(
      '<meta charset="UTF-8" />',
      `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy
        .split('; ')
        .filter((d) => !d.startsWith('frame-ancestors'))
        .join('; ')}" />`,
    ),
});

const here = (path: string): string => resolve(import.meta.dirname, path);

/**
 * main: the Electron main process, the API service's utility process it forks, and the job worker thread the
 * service starts (core/ runs in the last two; main only relays).
 * preload: CommonJS, because a sandboxed preload cannot load ES modules.
 * renderer: the React app, also what web mode serves.
 */
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: here('electron/main/index.ts'),
          // The API service (SQLite and every handler) in a utility process that main forks.
          service: here('electron/service/index.ts'),
          'job-worker': here('core/api/jobs/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload may require only 'electron' and a few builtins: everything else is bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: here('renderer'),
    build: {
      outDir: here('out/renderer'),
      rolldownOptions: { input: here('renderer/index.html') },
      chunkSizeWarningLimit: 4096,
    },
    plugins: [react(), metaCsp()],
  },
});
