// A dashboard-like page for the journeys: PrimeReact's theme and PrimeFlex as the
// Management Dashboard loads them, a bar of controls (language, renew the token, unmount
// and mount the extension, a count of onError calls) and the extension, loaded by the URL
// in host-config.json at run time. Like the dashboard, it signs in itself (client
// credentials from host-config.json) and renews the token when the extension reports a 401.

import 'primereact/resources/themes/lara-light-indigo/theme.css'
import 'primereact/resources/primereact.min.css'
import 'primeflex/primeflex.css'
import './host.css'

import { createElement as h, lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { createRoot } from 'react-dom/client'
import {
  __federation_method_getRemote as getRemote,
  __federation_method_setRemote as setRemote,
  __federation_method_unwrapDefault as unwrapDefault,
} from 'virtual:__federation__'

/** Timings the journeys read: when the extension was asked for, when its first row showed. */
window.hostTimings = { mounts: [] }

async function loadConfig() {
  const response = await fetch('/host-config.json')
  return response.json()
}

/** A fresh access token for the configured client, as the dashboard's own sign-in gets one. */
async function signIn(config) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: config.clientId,
    client_secret: config.clientSecret,
  })
  const response = await fetch(`${config.apiUrl}/oauth/token`, { method: 'POST', body })
  const grant = await response.json()
  return grant.access_token
}

/** The extension's `./RemoteComponent`, registered as `name` (its package name) at `url`. */
function remoteComponent(name, url) {
  setRemote(name, { url: () => Promise.resolve(url), format: 'esm', from: 'vite' })
  return lazy(async () => ({ default: unwrapDefault(await getRemote(name, './RemoteComponent')) }))
}

/** Records when the extension's first table row appears inside `box`. */
function timeFirstRow(box) {
  const entry = { start: performance.now(), firstRow: null }
  window.hostTimings.mounts.push(entry)
  const look = () => {
    const row = box.current?.querySelector('.token-admin-extension')?.shadowRoot?.querySelector('tbody tr')
    if (row) entry.firstRow = performance.now() - entry.start
    else requestAnimationFrame(look)
  }
  requestAnimationFrame(look)
}

function Host({ config }) {
  const [token, setToken] = useState(null)
  const [language, setLanguage] = useState(config.language ?? 'en')
  const [mounted, setMounted] = useState(true)
  const [errors, setErrors] = useState(0)
  const [renewals, setRenewals] = useState(0)
  const [renewOnError, setRenewOnError] = useState(true)
  const renewOnErrorRef = useRef(renewOnError)
  renewOnErrorRef.current = renewOnError
  const box = useRef(null)
  const Extension = useMemo(() => remoteComponent(config.packageName, config.remoteEntry), [config])

  const renew = useCallback(async () => {
    setToken(await signIn(config))
    setRenewals((n) => n + 1)
  }, [config])
  useEffect(() => {
    signIn(config).then(setToken)
  }, [config])
  const onError = useCallback(
    (error) => {
      setErrors((n) => n + 1)
      if (error?.status === 401 && renewOnErrorRef.current) renew()
    },
    [renew],
  )
  useEffect(() => {
    if (mounted && token) timeFirstRow(box)
  }, [mounted, token !== null])

  const appState = useMemo(
    () => ({
      tenant: config.tenant,
      language,
      token,
      contentLanguage: language,
      currency: { id: 'EUR', label: 'Euro', default: true, required: true },
      user: { userId: 'test-host-user', firstName: 'Test', lastName: 'Admin' },
      onError,
      emporixApiUrl: config.apiUrl,
    }),
    [config, language, token, onError],
  )

  const bar = h(
    'header',
    { className: 'host-bar flex flex-wrap align-items-center gap-3 p-3 surface-card shadow-1' },
    h('h1', { className: 'm-0 text-xl' }, 'Management Dashboard'),
    h(
      'label',
      { className: 'flex align-items-center gap-2' },
      'Dashboard language',
      h(
        'select',
        { className: 'p-inputtext', value: language, onChange: (e) => setLanguage(e.target.value) },
        h('option', { value: 'en' }, 'English'),
        h('option', { value: 'de' }, 'Deutsch'),
      ),
    ),
    h('button', { type: 'button', className: 'p-button p-button-sm', onClick: renew }, 'Renew token'),
    h(
      'button',
      { type: 'button', className: 'p-button p-button-sm p-button-outlined', onClick: () => setMounted((m) => !m) },
      mounted ? 'Unmount extension' : 'Mount extension',
    ),
    h(
      'label',
      { className: 'flex align-items-center gap-2' },
      h('input', { type: 'checkbox', checked: renewOnError, onChange: (e) => setRenewOnError(e.target.checked) }),
      'Renew the token on a 401',
    ),
    h('span', null, 'onError calls: ', h('output', { 'aria-label': 'onError calls' }, String(errors))),
    h('span', null, 'Token renewals: ', h('output', { 'aria-label': 'Token renewals' }, String(renewals))),
  )
  const content = !token
    ? h('p', { role: 'status' }, 'Signing in…')
    : mounted
      ? h(Suspense, { fallback: h('p', { role: 'status' }, 'Loading the extension…') }, h(Extension, { appState }))
      : h('p', { role: 'status' }, 'The extension is unmounted.')
  return h(
    'div',
    null,
    bar,
    h(
      'main',
      { className: 'p-4' },
      h('p', { className: 'lead card host-note' }, 'Extensions › Token admin'),
      h('section', { ref: box, 'aria-label': 'Extension' }, content),
    ),
  )
}

loadConfig().then((config) => createRoot(document.getElementById('root')).render(h(Host, { config })))
