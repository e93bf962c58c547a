import type { ChatTrainBridge, IpcEventName, IpcEvents, IpcResult } from '../../../shared/ipc/contract';

/**
 * Browser mode's stand-in for the preload: the same `window.chattrain` object, carried over
 * HTTP (requests) and Server-Sent Events (events) to the loopback server. The session cookie
 * set when the tokened URL was opened authenticates every call.
 */
export function createWebBridge(): ChatTrainBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  function ensureEventSource() {
    if (source) return;
    source = new EventSource('/api/events');
    source.addEventListener('message', (message) => {
      const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
      listeners.get(event)?.forEach((listener) => listener(payload));
    });
  }

  return {
    async invoke(channel, input) {
      try {
        const response = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ channel, input: input ?? null }),
        });
        if (response.status === 401 || response.status === 403) {
          return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This browser tab is not signed in to the ChatTrain server. Open the address the server printed.' } };
        }
        return (await response.json()) as IpcResult<never>;
      } catch {
        return { ok: false, error: { code: 'IO_ERROR', message: 'The ChatTrain server is not reachable. Is `npm run web` still running?' } };
      }
    },
    subscribe<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void) {
      ensureEventSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
