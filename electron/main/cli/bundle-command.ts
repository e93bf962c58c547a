import { resolve } from 'node:path';
import { bundleTables } from '../workshop/bundle-format';
import { exportBundle } from '../workshop/bundle-export';
import { importBundle } from '../workshop/bundle-import';
import type { CliCommand } from './command';
import { UsageError } from './command';
import { openCliCore, parseCommandArgs, requirePositional } from './cli-core';

export const bundleCommand: CliCommand = {
  name: 'bundle',
  summary: 'Export sessions to a workshop bundle file, or import one (idempotent, never overwrites newer data)',
  usage:
    'npm run chattrain -- bundle export --out <file> [--session ID ...] [--from DATE] [--to DATE] [--scenario ID]\n' +
    '       npm run chattrain -- bundle import <file>\n' +
    '  Without --session/--from/--to/--scenario every session is exported. DATE bounds started_at (YYYY-MM-DD or ISO-8601).',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string' },
      session: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      scenario: { type: 'string' },
    });
    const action = requirePositional(positionals, 0, 'export|import');
    if (action === 'export') {
      if (!values.out) throw new UsageError('Missing --out <file>.');
      if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
      const out = resolve(values.out);
      const core = await openCliCore(values['data-dir']);
      try {
        const result = await exportBundle(core.database, {
          out,
          appVersion: core.options.appVersion,
          sessionIds: values.session,
          filters: { from: values.from, to: values.to, scenarioId: values.scenario },
        });
        if (values.json) io.out(JSON.stringify({ path: result.path, bytes: result.bytes, manifest: result.manifest }));
        else io.out(`Wrote ${result.manifest.counts.sessions} sessions (${result.manifest.counts.messages} messages, ${result.bytes} bytes) to ${out}`);
        return 0;
      } finally {
        await core.close();
      }
    }
    if (action === 'import') {
      const file = resolve(requirePositional(positionals, 1, 'file'));
      if (values.out || values.session || values.from || values.to || values.scenario) throw new UsageError('bundle import takes only <file> (and --data-dir, --json).');
      const core = await openCliCore(values['data-dir']);
      try {
        const result = await importBundle(core.database, file);
        if (values.json) io.out(JSON.stringify(result));
        else {
          const width = Math.max(...bundleTables.map((table) => table.length));
          io.out(`Imported ${file} (written by ChatTrain ${result.manifest.appVersion} on ${result.manifest.createdAt}) in ${result.durationMs} ms:`);
          io.out(`  ${'table'.padEnd(width)}  inserted  updated  skipped`);
          for (const table of bundleTables) {
            const c = result.counts[table];
            io.out(`  ${table.padEnd(width)}  ${String(c.inserted).padStart(8)}  ${String(c.updated).padStart(7)}  ${String(c.skipped).padStart(7)}`);
          }
          if (result.addedAsTrainees.length > 0) io.out(`  Added as trainees (PINs never travel; a facilitator can restore the role): ${result.addedAsTrainees.join(', ')}.`);
          if (result.conflicts.length > 0) io.out(`  ${result.conflicts.length} session(s) left untouched: their id belongs to another profile here (${result.conflicts.slice(0, 3).join(', ')}).`);
        }
        return 0;
      } finally {
        await core.close();
      }
    }
    throw new UsageError(`Unknown bundle action "${action}"; use export or import.`);
  },
};
