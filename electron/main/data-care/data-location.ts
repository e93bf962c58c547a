import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { DATABASE_FILE } from '../paths';
import { writeFileAtomic } from './files';

/**
 * Where the data lives when it was moved away from the app's home folder (its default data
 * folder: Electron's userData, or `--data-dir` / CHATTRAIN_DATA_DIR). The home folder keeps
 * only this small file, so every start (desktop, browser mode, CLI) finds the data again.
 */
export const DATA_LOCATION_FILE = 'data-location.json';

const locationSchema = z.object({
  version: z.literal(1),
  dataDir: z.string().min(1).refine(isAbsolute, 'an absolute path'),
  movedAt: z.string(),
});

export function dataLocationPath(homeDir: string): string {
  return join(homeDir, DATA_LOCATION_FILE);
}

/**
 * The data folder for a home folder: the home folder itself, or the folder its
 * data-location.json names. A named folder that is gone (an unplugged drive) or holds no
 * database is an error saying what to do, rather than a silent fresh start elsewhere.
 */
export function resolveDataDir(homeDir: string): string {
  const pointer = dataLocationPath(homeDir);
  if (!existsSync(pointer)) return resolve(homeDir);
  let parsed: z.infer<typeof locationSchema>;
  try {
    parsed = locationSchema.parse(JSON.parse(readFileSync(pointer, 'utf8')));
  } catch (error) {
    throw new AppError('IO_ERROR', `${pointer} (where ChatTrain notes the folder its data was moved to) cannot be read. Delete it to use the data in ${homeDir}.`, {
      cause: error,
    });
  }
  const dataDir = resolve(parsed.dataDir);
  if (!existsSync(join(dataDir, DATABASE_FILE))) {
    throw new AppError(
      'IO_ERROR',
      `ChatTrain's data was moved to ${dataDir}, but there is no database there now. If it is on a drive that is not connected, connect it and start again; to start over in ${homeDir} instead, delete ${pointer}.`,
    );
  }
  return dataDir;
}

/** Remembers `dataDir` as the data folder; pointing back at the home folder removes the note. */
export async function writeDataLocation(homeDir: string, dataDir: string, now: Date = new Date()): Promise<void> {
  if (resolve(dataDir) === resolve(homeDir)) {
    await rm(dataLocationPath(homeDir), { force: true });
    return;
  }
  const content: z.infer<typeof locationSchema> = { version: 1, dataDir: resolve(dataDir), movedAt: now.toISOString() };
  await writeFileAtomic(dataLocationPath(homeDir), `${JSON.stringify(content, null, 2)}\n`);
}

/**
 * What belongs to the data when it moves (paths relative to the data folder): backups,
 * imported content packs and the kept copies beside the database (before migrating or
 * restoring, damaged files). The database itself is copied separately. Not moved: uploads
 * (transient), secrets (stay with this computer's home folder: the desktop app encrypts
 * them for this machine), this pointer, and anything else sharing the folder (Electron's
 * own files live in userData too).
 */
export function isMovedWithData(relativePath: string): boolean {
  const top = relativePath.split(/[\\/]/)[0] ?? '';
  return top === 'backups' || top === 'content-packs' || (top === relativePath && top.startsWith(`${DATABASE_FILE}.`));
}
