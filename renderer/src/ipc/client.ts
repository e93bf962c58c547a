import type { AppErrorShape } from '../../../shared/errors';
import type { ChatTrainBridge, IpcChannel, IpcEventName, IpcEvents, IpcInput, IpcOutput } from '../../../shared/ipc/contract';
import { createWebBridge } from './web-bridge';

declare global {
  interface Window {
    chattrain?: ChatTrainBridge;
  }
}

/** A failed IPC call, with the code and message main sent. */
export class IpcError extends Error implements AppErrorShape {
  constructor(readonly code: AppErrorShape['code'], message: string) {
    super(message);
    this.name = 'IpcError';
  }
}

// Desktop: the preload defined window.chattrain. Browser mode: no preload, so the same
// object is built over HTTP.
const bridge: ChatTrainBridge = window.chattrain ?? createWebBridge();

/** Calls a channel and returns its value, or throws IpcError with main's code and message. */
export async function invoke<C extends IpcChannel>(channel: C, ...args: IpcInput<C> extends undefined ? [] : [IpcInput<C>]): Promise<IpcOutput<C>> {
  const result = await bridge.invoke(channel, args[0] as IpcInput<C>);
  if (!result.ok) throw new IpcError(result.error.code, result.error.message);
  return result.value;
}

export function subscribe<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
  return bridge.subscribe(event, listener);
}
