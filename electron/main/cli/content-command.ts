import { resolve } from 'node:path';
import { formatPackProblem } from '../content-packs/format';
import { listContentPacks } from '../content-packs/store';
import { importPackAndSync, removePackAndSync } from '../content-packs/sync';
import type { ContentPackInfo } from '../content-packs/types';
import type { CliCommand, CliIo } from './command';
import { UsageError } from './command';
import { openCliCore, parseCommandArgs, requirePositional } from './cli-core';
import { defaultDataDir } from '../paths';
import { statSync } from 'node:fs';

function describeOrigin(pack: ContentPackInfo): string {
  if (!pack.origin) return 'placed by hand';
  return `${pack.origin.kind === 'zip' ? 'zip' : 'folder'} ${pack.origin.name}${pack.importedAt ? `, imported ${pack.importedAt}` : ''}`;
}

function printPacks(io: CliIo, packs: readonly ContentPackInfo[]): void {
  if (packs.length === 0) {
    io.out('No content packs are installed.');
    return;
  }
  for (const pack of packs) {
    io.out(`${pack.id}  ${pack.title}${pack.version ? ` ${pack.version}` : ''}`);
    io.out(`  ${pack.scenarioIds.length} scenario(s): ${pack.scenarioIds.join(', ') || '—'}${pack.trackIds.length > 0 ? `; tracks: ${pack.trackIds.join(', ')}` : ''}`);
    io.out(`  from ${describeOrigin(pack)}`);
  }
}

export const contentCommand: CliCommand = {
  name: 'content',
  summary: 'Import a content pack (folder or .zip), list the installed packs, or remove one',
  usage:
    'npm run chattrain -- content import <folder|file.zip> [--json]\n' +
    '       npm run chattrain -- content list [--json]\n' +
    '       npm run chattrain -- content remove <packId> [--json]\n\n' +
    'A pack is a folder (or a zip of one) holding scenario folders and an optional pack.yaml\n' +
    '(id, title, description, version, tracks), or a single scenario folder. It is validated\n' +
    'first: if anything is wrong nothing is installed, each problem is printed as\n' +
    '`file:line:col: message`, and the exit code is 1. Importing a pack with the id of an\n' +
    'installed one replaces it.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {});
    const action = requirePositional(positionals, 0, 'import|list|remove');
    const dataDir = values['data-dir'] ?? defaultDataDir();

    if (action === 'list') {
      if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
      const packs = await listContentPacks(dataDir);
      if (values.json) io.out(JSON.stringify(packs));
      else printPacks(io, packs);
      return 0;
    }

    if (action === 'import' || action === 'remove') {
      const target = requirePositional(positionals, 1, action === 'import' ? 'folder|file.zip' : 'packId');
      if (positionals.length > 2) throw new UsageError(`Unexpected argument "${positionals[2]}".`);
      const core = await openCliCore(dataDir);
      const host = { db: core.database.db, dataDir, bundledContentDir: core.options.bundledContentDir };
      try {
        if (action === 'remove') {
          const { removed, reload } = await removePackAndSync(host, target);
          if (values.json) io.out(JSON.stringify({ removed, reload: { removed: reload.removed } }));
          else io.out(`Removed the pack “${removed.title}” (${removed.id}) and its ${removed.scenarioIds.length} scenario(s). Sessions played from them are kept.`);
          return 0;
        }
        const source = resolve(target);
        const { result, reload } = await importPackAndSync(host, source);
        if (values.json) {
          io.out(JSON.stringify({ ...result, reload: reload && { loaded: reload.loaded, unchanged: reload.unchanged, removed: reload.removed } }));
          return result.ok ? 0 : 1;
        }
        if (!result.ok) {
          const kind = statSync(source, { throwIfNoEntry: false })?.isDirectory() ? 'folder' : 'zip';
          for (const problem of result.problems) io.out(formatPackProblem(problem, { kind, path: source }));
          io.err(`The pack ${target} was not installed: ${result.problems.length} problem(s).`);
          return 1;
        }
        io.out(
          `${result.replaced ? 'Replaced' : 'Installed'} the pack “${result.name}” (${result.packId}) with ${result.scenarioIds.length} scenario(s): ${result.scenarioIds.join(', ')}`,
        );
        const others = reload?.problems.length ?? 0;
        if (others > 0) io.err(`Note: ${others} problem(s) elsewhere in the content; run \`npm run chattrain -- validate <folder>\` to see them.`);
        return 0;
      } finally {
        await core.close();
      }
    }
    throw new UsageError(`Unknown content action "${action}"; use import, list or remove.`);
  },
};
