import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The HQ console, served by the BFF under /hq. esbuild's automatic JSX runtime is all React needs
 * here (no Fast Refresh plugin); shared-types is read from its TypeScript source so the browser
 * bundle gets ES modules.
 */
export default defineConfig({
  base: '/hq/',
  esbuild: { jsx: 'automatic' },
  resolve: {
    alias: {
      '@tongka/shared-types': fileURLToPath(new URL('../shared-types/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // antd marks its modules "use client" (for React Server Components); meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        // The charts (the largest library) load with the dashboard only.
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          return undefined;
        },
      },
    },
  },
});
