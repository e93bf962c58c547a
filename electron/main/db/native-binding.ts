import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the better-sqlite3 binary built for the running runtime (Node or Electron), cached
 * by scripts/native-sqlite.mjs under `.native/`. Returns undefined where there is none (the
 * packaged app, whose own rebuilt copy is then loaded the normal way).
 */
export function nativeBindingForThisRuntime(): string | undefined {
  const fromEnv = process.env.CHATTRAIN_SQLITE_BINDING;
  if (fromEnv) return fromEnv;
  const runtimeKey = process.versions.electron
    ? `electron-${process.versions.electron}`
    : `node-${process.versions.modules}`;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, '.native', runtimeKey, 'better_sqlite3.node');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
