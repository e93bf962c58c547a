import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentCommand } from '../cli/content-command';
import { UsageError, type CliIo } from '../cli/command';
import { openDatabase } from '../db/open-database';
import { DATABASE_FILE } from '../paths';
import { goodPackFiles, minimalScenarioYaml, tempDir, writeFiles, zipOf } from './testing/fixtures';

let root: string;
let cleanup: () => void;
let dataDir: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { out, err, sink };
}

async function importedScenarioIds(): Promise<string[]> {
  const database = await openDatabase(path.join(dataDir, DATABASE_FILE));
  try {
    const rows = await database.db.selectFrom('scenarios').select('id').where('origin', '=', 'imported').orderBy('id').execute();
    return rows.map((row) => row.id);
  } finally {
    await database.close();
  }
}

beforeEach(() => {
  ({ dir: root, cleanup } = tempDir('chattrain-content-cli-'));
  dataDir = path.join(root, 'data');
});
afterEach(() => cleanup());

describe('content command', () => {
  it('imports a folder, lists it, and removes it, reloading the scenarios each time', async () => {
    const folder = path.join(root, 'claims');
    writeFiles(folder, goodPackFiles());
    const imported = io();
    expect(await contentCommand.run(['import', folder, '--data-dir', dataDir], imported.sink)).toBe(0);
    expect(imported.out).toEqual(['Installed the pack “Claims pack” (claims-pack) with 2 scenario(s): pack.alpha, pack.beta']);
    expect(await importedScenarioIds()).toEqual(['pack.alpha', 'pack.beta']);

    const listed = io();
    expect(await contentCommand.run(['list', '--data-dir', dataDir, '--json'], listed.sink)).toBe(0);
    expect(JSON.parse(listed.out[0]!)).toMatchObject([{ id: 'claims-pack', origin: { kind: 'folder', name: 'claims', path: folder }, scenarioIds: ['pack.alpha', 'pack.beta'] }]);
    const text = io();
    await contentCommand.run(['list', '--data-dir', dataDir], text.sink);
    expect(text.out[0]).toBe('claims-pack  Claims pack 1.2.0');
    expect(text.out[2]).toMatch(/^ {2}from folder claims, imported \d{4}-/);

    const again = io();
    expect(await contentCommand.run(['import', folder, '--data-dir', dataDir, '--json'], again.sink)).toBe(0);
    expect(JSON.parse(again.out[0]!)).toMatchObject({ ok: true, replaced: true, packId: 'claims-pack' });

    const removed = io();
    expect(await contentCommand.run(['remove', 'claims-pack', '--data-dir', dataDir], removed.sink)).toBe(0);
    expect(removed.out[0]).toMatch(/^Removed the pack “Claims pack” \(claims-pack\) and its 2 scenario\(s\)/);
    expect(await importedScenarioIds()).toEqual([]);
    const none = io();
    await contentCommand.run(['list', '--data-dir', dataDir], none.sink);
    expect(none.out).toEqual(['No content packs are installed.']);
  });

  it('prints located problems as file:line:col: message and exits 1 for an invalid pack', async () => {
    const zip = path.join(root, 'broken.zip');
    writeFileSync(zip, zipOf({ 'one/scenario.yaml': minimalScenarioYaml('broken.one').replace('difficulty: beginner', 'difficulty: expert') }));
    const result = io();
    expect(await contentCommand.run(['import', zip, '--data-dir', dataDir], result.sink)).toBe(1);
    expect(result.out).toEqual(['broken.zip/one/scenario.yaml:6:1: difficulty: expected one of "beginner", "intermediate", "advanced", got "expert"']);
    expect(result.err).toEqual([`The pack ${zip} was not installed: 1 problem(s).`]);

    // A folder's problems point at the files on disk.
    const folder = path.join(root, 'bad-folder');
    writeFiles(folder, { 'one/scenario.yaml': 'id: [unclosed\n' });
    const fromFolder = io();
    expect(await contentCommand.run(['import', folder, '--data-dir', dataDir], fromFolder.sink)).toBe(1);
    expect(fromFolder.out[0]).toMatch(new RegExp(`^${path.join(folder, 'one', 'scenario.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax error`));

    const json = io();
    expect(await contentCommand.run(['import', zip, '--data-dir', dataDir, '--json'], json.sink)).toBe(1);
    expect(JSON.parse(json.out[0]!)).toMatchObject({ ok: false, problems: [{ file: 'broken.zip/one/scenario.yaml', line: 6, column: 1, path: 'difficulty' }] });
    expect(await importedScenarioIds()).toEqual([]);
  });

  it('reports wrong arguments and unknown packs', async () => {
    await expect(contentCommand.run(['frobnicate', '--data-dir', dataDir], io().sink)).rejects.toBeInstanceOf(UsageError);
    await expect(contentCommand.run(['import', '--data-dir', dataDir], io().sink)).rejects.toBeInstanceOf(UsageError);
    await expect(contentCommand.run(['remove', 'nope', '--data-dir', dataDir], io().sink)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
