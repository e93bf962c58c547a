// Kept apart from the contract so the sandboxed preload bundles no schema library.
/** Prefix of the Electron IPC channel that carries each contract channel. */
export const ELECTRON_INVOKE_PREFIX = 'chattrain:';
/** The single Electron channel main pushes events on: `{ event, payload }`. */
export const ELECTRON_EVENT_CHANNEL = 'chattrain:event';
