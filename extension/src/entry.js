// Vite needs an entry of its own; the extension's code is ./RemoteComponent, which the
// federation plugin exposes through remoteEntry.js.
