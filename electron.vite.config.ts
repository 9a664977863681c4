import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// electron-vite reads Electron's version to pick targets; offline installs may not have the package.
process.env.ELECTRON_MAJOR_VER ??= '40';

const root = __dirname;

export default defineConfig({
  main: {
    build: {
      // The same bundles run under plain Node 20 (browser mode, command line) and in Electron.
      target: 'node20',
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          web: resolve(root, 'electron/host/web.ts'),
          cli: resolve(root, 'electron/cli/main.ts'),
          'service-process': resolve(root, 'electron/host/service-process.ts'),
          'duckdb-worker': resolve(root, 'electron/services/engine/duckdb-worker.ts'),
          'ml-worker': resolve(root, 'electron/services/models/ml-worker.ts'),
          'excel-worker': resolve(root, 'electron/services/datasets/excel-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      target: 'node20',
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      target: 'es2022',
      outDir: resolve(root, 'out/renderer'),
      chunkSizeWarningLimit: 8000,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
