import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ChatTrainBridge } from '../../shared/ipc/contract';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_PREFIX } from '../../shared/ipc/electron-channels';

// The renderer gets this small object, never ipcRenderer itself. Main validates everything.
const bridge = {
  invoke: (channel, input) => ipcRenderer.invoke(`${ELECTRON_INVOKE_PREFIX}${channel}`, input),
  subscribe: (event, listener) => {
    const forward = (_sender: IpcRendererEvent, message: { event: string; payload: never }) => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(ELECTRON_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(ELECTRON_EVENT_CHANNEL, forward);
    };
  },
} satisfies ChatTrainBridge;

contextBridge.exposeInMainWorld('chattrain', bridge);
