import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCT_NAME = 'ChatTrain';
export const DATABASE_FILE = 'chattrain.db';

/**
 * The per-user folder the desktop app uses (Electron's userData for this product name),
 * so the CLI and browser mode read and write the same data by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CHATTRAIN_DATA_DIR) return env.CHATTRAIN_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** Imported content packs are copied here, inside the data folder. */
export function importedContentDir(dataDir: string): string {
  return join(dataDir, 'content-packs');
}

/**
 * The repository root when running from source or from `out/` (development, tests, CLI,
 * browser mode); undefined in a packaged app, which uses its resources folder instead.
 */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'electron.vite.config.ts'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The `content/` folder shipped with the app (in development: the repository's). */
export function bundledContentDir(resourcesPath?: string): string {
  if (resourcesPath && existsSync(join(resourcesPath, 'content'))) return join(resourcesPath, 'content');
  return join(projectRoot() ?? process.cwd(), 'content');
}

/** The built renderer (`out/renderer`), served by the desktop protocol and browser mode. */
export function builtRendererDir(): string {
  // CHATTRAIN_OUT_DIR: a build made with `electron-vite build --outDir <dir>` (parallel work trees).
  return join(projectRoot() ?? process.cwd(), process.env.CHATTRAIN_OUT_DIR ?? 'out', 'renderer');
}
