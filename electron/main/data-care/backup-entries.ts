import { existsSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { BackupEntry } from '../../../shared/data-care/types';
import { backupsDir, listBackups, type BackupInfo } from './backup';

const SAFETY_SUFFIX = '-before-restore.db';

/**
 * A new file in backups/ named by time: `chattrain-<UTC time>[-n].db`, or for the copy taken
 * just before a restore `…-before-restore.db` (kept in backups/ so it can be restored in turn).
 * Never the name of an existing file, however quickly backups follow each other.
 */
export function newBackupPath(dataDir: string, now: Date, purpose: 'manual' | 'before-restore' = 'manual'): string {
  const stem = join(backupsDir(dataDir), `chattrain-${now.toISOString().replace(/[:.]/g, '-')}`);
  const suffix = purpose === 'before-restore' ? SAFETY_SUFFIX : '.db';
  let path = `${stem}${suffix}`;
  for (let n = 2; existsSync(path); n++) path = `${stem}-${n}${suffix}`;
  return path;
}

export function toBackupEntry(dataDir: string, info: BackupInfo): BackupEntry {
  const fileName = basename(info.path);
  return {
    id: relative(dataDir, info.path).split(sep).join('/'),
    fileName,
    path: info.path,
    kind: info.kind === 'pre-migration' ? 'pre-migration' : fileName.endsWith(SAFETY_SUFFIX) ? 'before-restore' : 'manual',
    bytes: info.bytes,
    createdAt: info.modifiedAt,
  };
}

/** Backups of a data folder as the screens show them, newest first. */
export async function listBackupEntries(dataDir: string): Promise<BackupEntry[]> {
  return (await listBackups(dataDir)).map((info) => toBackupEntry(dataDir, info));
}

/** A backup the renderer named by id: only ever one of those listed, never a path it made up. */
export async function findBackupEntry(dataDir: string, id: string): Promise<BackupEntry> {
  const entry = (await listBackupEntries(dataDir)).find((candidate) => candidate.id === id);
  if (!entry) throw new AppError('NOT_FOUND', 'That backup is no longer in the data folder. Reload the list and choose another.');
  return entry;
}
