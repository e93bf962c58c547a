import type { Kysely } from 'kysely';
import type { ContentReloadResult } from '../../../shared/scenario/types';
import { syncContent } from '../content/library';
import type { Database } from '../db/schema';
import { importContentPack, type ImportPackOptions } from './import-pack';
import { contentRootsFor, removeContentPack } from './store';
import type { ContentPackInfo, ImportPackResult } from './types';

/** What the pack helpers need from the core: `{ db: core.database.db, ...core.options }` fits. */
export interface PackHost {
  db: Kysely<Database>;
  dataDir: string;
  bundledContentDir: string;
}

/** Reloads all content (bundled first, then loose imported folders, then every pack). */
export function syncAllContent(host: PackHost): Promise<ContentReloadResult> {
  return syncContent(host.db, contentRootsFor(host.bundledContentDir, host.dataDir));
}

/** Imports a pack and, when it was installed, reloads the content so its scenarios appear. */
export async function importPackAndSync(
  host: PackHost,
  sourcePath: string,
  options: Omit<ImportPackOptions, 'bundledContentDir'> = {},
): Promise<{ result: ImportPackResult; reload: ContentReloadResult | null }> {
  const result = await importContentPack(host.dataDir, sourcePath, { ...options, bundledContentDir: host.bundledContentDir });
  return { result, reload: result.ok ? await syncAllContent(host) : null };
}

/** Removes a pack and reloads the content, so its scenarios disappear (their sessions stay). */
export async function removePackAndSync(host: PackHost, packId: string): Promise<{ removed: ContentPackInfo; reload: ContentReloadResult }> {
  const removed = await removeContentPack(host.dataDir, packId);
  return { removed, reload: await syncAllContent(host) };
}
