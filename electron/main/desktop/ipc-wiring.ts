import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { ipcChannels } from '../../../shared/ipc/contract';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_PREFIX } from '../../../shared/ipc/electron-channels';
import type { ChatTrainCore } from '../chattrain-core';
import { createIpcRouter, originOf, type IpcSender } from '../ipc/router';
import { log } from '../logging';

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    origin: frame ? originOf(frame.url) : 'null',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
  };
}

/** Registers every contract channel on ipcMain through the router's single checked entry point. */
export function wireIpc(core: ChatTrainCore, trustedOrigins: string[]): () => void {
  const router = createIpcRouter({
    handlers: core.handlers,
    trustedOrigins,
    onUnexpectedError: (channel, error) => log.error(`IPC handler ${channel} failed`, error),
  });
  for (const channel of ipcChannels) {
    ipcMain.handle(`${ELECTRON_INVOKE_PREFIX}${channel}`, (event, input: unknown) =>
      router.dispatch(channel, input, senderOf(event)),
    );
  }
  const stopEvents = core.events.listen((event, payload) => {
    for (const contents of webContents.getAllWebContents()) {
      if (trustedOrigins.includes(originOf(contents.getURL()))) {
        contents.send(ELECTRON_EVENT_CHANNEL, { event, payload });
      }
    }
  });
  return () => {
    stopEvents();
    for (const channel of ipcChannels) ipcMain.removeHandler(`${ELECTRON_INVOKE_PREFIX}${channel}`);
  };
}
