import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import type { ChooseSavePath } from '../chattrain-core';

/** The native "Save as" dialog, starting in the user's Documents folder. */
export const chooseSavePathWithDialog: ChooseSavePath = async (suggestedName, format) => {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = {
    title: 'Save report',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: format.name, extensions: [format.extension] }],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
};
