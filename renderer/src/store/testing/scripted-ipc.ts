/**
 * A stand-in for `ipc/client` in store tests: every call is recorded and answered by a
 * handler the test sets. Use with
 *   vi.mock('../ipc/client', () => import('./testing/scripted-ipc').then((m) => m.clientModule));
 */
export const scripted = {
  calls: [] as { channel: string; input: unknown }[],
  handler: (async () => undefined) as (channel: string, input: unknown) => Promise<unknown>,
};

export class IpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const clientModule = {
  IpcError,
  invoke: (channel: string, input?: unknown) => {
    scripted.calls.push({ channel, input });
    return scripted.handler(channel, input);
  },
  subscribe: () => () => undefined,
};
