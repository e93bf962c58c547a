import { join, resolve } from 'node:path';
import { restoreDatabase } from '../data-care/restore';
import { resolveDataDir } from '../data-care/data-location';
import { openDatabase } from '../db/open-database';
import { DATABASE_FILE, defaultDataDir } from '../paths';
import type { CliCommand } from './command';
import { parseCommandArgs, requirePositional } from './cli-core';

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Replace the database with a backup (checked first; the current one is kept aside)',
  usage: 'npm run chattrain -- restore <backup file>   (close the desktop app first)',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {});
    const backupPath = resolve(requirePositional(positionals, 0, 'backup file'));
    // Where the data is, following a move made in the app (data-location.json).
    const dataDir = resolveDataDir(values['data-dir'] ?? defaultDataDir());
    const databasePath = join(dataDir, DATABASE_FILE);
    const result = await restoreDatabase({ backupPath, databasePath });
    // Opening brings an older backup up to this version's schema and proves it is usable.
    const database = await openDatabase(databasePath);
    let sessions: number;
    try {
      sessions = (database.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    } finally {
      await database.close();
    }
    if (values.json) io.out(JSON.stringify({ restoredFrom: result.restoredFrom, databasePath, previousSavedAs: result.previousSavedAs, sessions }));
    else {
      io.out(`Restored ${databasePath} from ${result.restoredFrom} (${sessions} sessions).`);
      if (result.previousSavedAs) io.out(`The database it replaced is kept at ${result.previousSavedAs}.`);
    }
    return 0;
  },
};
