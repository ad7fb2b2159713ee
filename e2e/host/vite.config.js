// The test host: a federation host whose one remote is set at run time from
// host-config.json (see src/main.js), sharing React 18 with it as the dashboard does.

import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import federation from '@originjs/vite-plugin-federation'
import { defineConfig } from 'vite'

export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  logLevel: 'warn',
  plugins: [
    federation({
      name: 'test_host',
      // None at build time: the page sets the extension's URL when it runs.
      remotes: { placeholder: 'placeholder.js' },
      shared: ['react', 'react-dom'],
    }),
  ],
  build: { target: 'esnext', modulePreload: false },
})
