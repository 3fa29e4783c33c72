import vue from '@vitejs/plugin-vue';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');

/**
 * `virtual:server-tables`: the server's enum labels and page table, read from the compiled API
 * (`nest build` runs first, see `npm run build`), so the pages show exactly the server's words.
 */
function serverTables(): Plugin {
  const id = 'virtual:server-tables';
  return {
    name: 'server-tables',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    async load(source) {
      if (source !== `\0${id}`) return undefined;
      const file = (rel: string) => {
        const path = join(dist, 'src', 'modules', 'web', rel);
        if (!existsSync(path)) throw new Error(`${path} missing: run nest build before vite build`);
        return pathToFileURL(path).href;
      };
      const { PAGE_LABELS } = await import(file('page-labels.js'));
      const { PAGE_ROUTES, MENU } = await import(file('page-routes.js'));
      return `export const LABELS = ${JSON.stringify(PAGE_LABELS)};\nexport const PAGES = ${JSON.stringify(PAGE_ROUTES)};\nexport const MENU = ${JSON.stringify(MENU)};\n`;
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }), serverTables()],
  build: {
    // Beside the sources, not under dist/: `nest build` empties dist/ on every build.
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // No inline modulepreload polyfill script: every script is a file (CSP script-src 'self').
    modulePreload: { polyfill: false },
  },
});
