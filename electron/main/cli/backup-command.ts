import { resolve } from 'node:path';
import { backupDatabase, backupNow } from '../data-care/backup';
import { defaultDataDir } from '../paths';
import type { CliCommand } from './command';
import { openCliCore, parseCommandArgs } from './cli-core';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Back up the database (online backup API) to a file, checked after writing',
  usage: 'npm run chattrain -- backup [--out <file>]   (default: <data dir>/backups/chattrain-<time>.db)',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { out: { type: 'string' } });
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const core = await openCliCore(dataDir);
    try {
      const result = values.out ? await backupDatabase(core.database, resolve(values.out)) : await backupNow(core.database, core.options.dataDir);
      if (values.json) io.out(JSON.stringify({ path: result.path, bytes: result.bytes, durationMs: result.durationMs, integrity: result.integrity.ok }));
      else io.out(`Backed up the database (${result.bytes} bytes, integrity ok) to ${result.path}`);
      return 0;
    } finally {
      await core.close();
    }
  },
};
