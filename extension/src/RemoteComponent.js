// The Management Dashboard's `./RemoteComponent`: a thin React wrapper around the app that
// Trunk built. It gives the app a shadow root of its own (the app's style sheets inside, so
// styles leak neither way), loads the wasm and its JavaScript glue from next to this file
// (the dashboard is another origin), mounts the app with `appState`, forwards every later
// `appState` (a renewed token, another language) and unmounts the app with the component.

import { createElement, useEffect, useRef } from 'react'

// Trunk's file names (with content hashes), put here by vite.config.js.
const files = __TOKEN_ADMIN_FILES__

/** The URL of `name`, a file next to this module. */
const at = (name) => new URL(name, import.meta.url).href

let glue
/** The app's wasm, started once per page; its `main` leaves the host page alone. */
function start() {
  globalThis.__tokenAdminEmbedded = true
  glue ??= import(/* @vite-ignore */ at(files.script)).then(async (module) => {
    await module.default({ module_or_path: at(files.wasm) })
    return module
  })
  return glue
}

/** A `<link>` for each of the app's style sheets, and a promise that they are loaded. */
function stylesheets() {
  const links = files.styles.map((name) => {
    const link = document.createElement('link')
    link.rel = 'stylesheet'
    link.href = at(name)
    return link
  })
  const loaded = links.map((link) => new Promise((done) => (link.onload = link.onerror = done)))
  return [links, Promise.all(loaded)]
}

export default function RemoteComponent({ appState }) {
  const hostRef = useRef(null)
  const appRef = useRef(null)
  const latest = useRef(appState)
  latest.current = appState

  useEffect(() => {
    let gone = false
    const host = hostRef.current
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
    const root = document.createElement('div')
    const [links, loaded] = stylesheets()
    shadow.replaceChildren(...links, root)
    Promise.all([start(), loaded]).then(([app]) => {
      if (!gone) appRef.current = app.mount(root, latest.current, at('config.json'))
    })
    return () => {
      gone = true
      appRef.current?.unmount()
      appRef.current = null
      shadow.replaceChildren()
    }
  }, [])

  useEffect(() => {
    appRef.current?.update(appState)
  }, [appState])

  return createElement('div', { ref: hostRef, className: 'token-admin-extension' })
}
