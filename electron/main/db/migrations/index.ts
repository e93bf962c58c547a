import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-reporting-indexes';

/**
 * The static, ordered migration map. The app is bundled, so there is no folder to scan;
 * names sort in the order they must run. Add new entries at the end, never edit old ones.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-reporting-indexes': m0002,
};

export const latestMigration = Object.keys(migrations).sort().at(-1)!;
