import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChatTrainCore, type ChatTrainCore } from '../chattrain-core';
import { log } from '../logging';
import { bundledContentDir, PRODUCT_NAME } from '../paths';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { wireIpc } from './ipc-wiring';
import { chooseOpenPathWithDialog, chooseSavePathWithDialog } from './file-dialogs';
import { createSafeStorageSecretStore } from './safe-storage-secret-store';
import { hardenWebContents } from './window-security';

// Electron adapter: app lifecycle and the window. Everything else lives in the core.
const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;

app.setName(PRODUCT_NAME);
registerAppScheme();

let core: ChatTrainCore | undefined;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    title: PRODUCT_NAME,
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  hardenWebContents([rendererOrigin]);
  serveRenderer(join(here, '../renderer'));
  try {
    core = await createChatTrainCore({
      dataDir: app.getPath('userData'),
      bundledContentDir: bundledContentDir(app.isPackaged ? process.resourcesPath : undefined),
      mode: 'desktop',
      appVersion: app.getVersion(),
      chooseSavePath: chooseSavePathWithDialog,
      chooseOpenPath: chooseOpenPathWithDialog,
      secrets: createSafeStorageSecretStore(app.getPath('userData')),
    });
  } catch (error) {
    log.error('start-up failed', error);
    dialog.showErrorBox(`${PRODUCT_NAME} could not start`, error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  // A damaged database does not stop the app: the window opens on the recovery screen.
  if (core.data.recovery) log.error('the database did not pass the start-up check', core.data.recovery.message);
  wireIpc(core, [rendererOrigin]);
  let mainWindow = createMainWindow();

  app.on('second-instance', () => {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => {
  void core?.close();
});

void start();
