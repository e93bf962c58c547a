import type { IpcEventName, IpcEvents } from '../../shared/ipc/contract';

export type CoreEventListener = <E extends IpcEventName>(event: E, payload: IpcEvents[E]) => void;

/** Fan-out of main → renderer events; each transport (Electron, browser mode) subscribes once. */
export class CoreEvents {
  readonly #listeners = new Set<CoreEventListener>();

  emit<E extends IpcEventName>(event: E, payload: IpcEvents[E]): void {
    for (const listener of this.#listeners) listener(event, payload);
  }

  listen(listener: CoreEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
