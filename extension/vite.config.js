// Builds the extension into ../dist-extension (TOKEN_ADMIN_OUT): `assets/remoteEntry.js`
// exposing `./RemoteComponent`, and beside it the app's wasm, glue, style sheets and German
// texts copied from the standalone build in ../dist (TOKEN_ADMIN_DIST), so nothing is
// compiled twice.

import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import federation from '@originjs/vite-plugin-federation'
import { defineConfig } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))
const dist = resolve(here, process.env.TOKEN_ADMIN_DIST ?? '../dist')
const out = resolve(here, process.env.TOKEN_ADMIN_OUT ?? '../dist-extension')

/** The files the standalone index.html loads, by their hashed names. */
function appFiles() {
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8')
  const all = (pattern) => [...html.matchAll(pattern)].map((m) => m[1])
  const [script] = all(/from '\/([^']+\.js)'/g)
  const [wasm] = all(/module_or_path: '\/([^']+\.wasm)'/g)
  // The sign-in page's sheet is not needed: embedded, the dashboard signs in.
  const styles = all(/rel="stylesheet" href="\/([^"]+\.css)"/g).filter((f) => !f.startsWith('sign-in-'))
  if (!script || !wasm || styles.length === 0) throw new Error(`no app files found in ${dist}/index.html`)
  return { script, wasm, styles }
}

const files = appFiles()

/** Copies the app's files next to remoteEntry.js; the German texts (`de.txt`), which the
 * app fetches next to its glue when German is chosen, too. */
const copyApp = {
  name: 'token-admin-app-files',
  writeBundle() {
    const assets = resolve(out, 'assets')
    mkdirSync(assets, { recursive: true })
    for (const name of [files.script, files.wasm, ...files.styles, 'de.txt']) {
      copyFileSync(resolve(dist, name), resolve(assets, name))
    }
  },
}

export default defineConfig({
  root: here,
  logLevel: 'warn',
  define: { __TOKEN_ADMIN_FILES__: JSON.stringify(files) },
  plugins: [
    federation({
      name: 'token_admin',
      filename: 'remoteEntry.js',
      exposes: { './RemoteComponent': resolve(here, 'src/RemoteComponent.js') },
      // The dashboard's own React 18; any 18.x will do.
      shared: {
        react: { requiredVersion: '^18.0.0' },
        'react-dom': { requiredVersion: '^18.0.0' },
      },
    }),
    copyApp,
  ],
  build: {
    outDir: out,
    emptyOutDir: true,
    target: 'esnext',
    modulePreload: false,
    cssCodeSplit: false,
    rollupOptions: { input: resolve(here, 'src/entry.js') },
  },
})
