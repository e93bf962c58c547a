import { app, BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { ChooseOpenPath, ChooseSavePath } from '../chattrain-core';

const parentWindow = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];

/** The native "Save as" dialog, starting in the user's Documents folder. */
export const chooseSavePathWithDialog: ChooseSavePath = async (suggestedName, format) => {
  const window = parentWindow();
  const options: SaveDialogOptions = {
    title: 'Save',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: format.name, extensions: [format.extension] }],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
};

/** The native open dialog (a file, or a folder when asked), starting in Documents. */
export const chooseOpenPathWithDialog: ChooseOpenPath = async (request) => {
  const window = parentWindow();
  const options: OpenDialogOptions = {
    title: request.title,
    defaultPath: app.getPath('documents'),
    filters: request.directory ? [] : request.filters,
    properties: request.directory ? ['openDirectory', 'createDirectory'] : ['openFile'],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
};
