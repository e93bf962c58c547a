import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { syncContent } from '../content/library';
import { listScenarios } from '../content/queries';
import { openTestDatabase } from '../content/testing/fixtures';
import { importContentPack } from './import-pack';
import { packLimits } from './limits';
import { contentPacksDir, contentRootsFor, listContentPacks, PACK_RECORD_FILE, removeContentPack } from './store';
import { goodPackFiles, listTree, minimalScenarioYaml, packYaml, tempDir, writeFiles, zipOf } from './testing/fixtures';

let root: string;
let cleanup: () => void;
let dataDir: string;
let bundled: string;
const fixedNow = () => new Date('2026-05-04T08:00:00.000Z');

beforeEach(() => {
  ({ dir: root, cleanup } = tempDir('chattrain-packs-'));
  dataDir = path.join(root, 'data');
  bundled = path.join(root, 'bundled');
  writeFiles(bundled, { 'bundled.one/scenario.yaml': minimalScenarioYaml('bundled.one') });
});
afterEach(() => cleanup());

function writeZip(name: string, bytes: Uint8Array): string {
  const file = path.join(root, name);
  writeFileSync(file, bytes);
  return file;
}

function importPack(source: string, options: Parameters<typeof importContentPack>[2] = {}) {
  return importContentPack(dataDir, source, { now: fixedNow, bundledContentDir: bundled, ...options });
}

/** Nothing installed and nothing left behind in the staging area. */
function expectNothingInstalled(): void {
  const tree = listTree(contentPacksDir(dataDir)).filter((entry) => entry !== '.staging/');
  expect(tree).toEqual([]);
}

describe('importing a content pack', () => {
  it('installs a valid folder with its manifest, records the origin, and the loader reads it', async () => {
    const source = path.join(root, 'Claims Pack');
    writeFiles(source, { ...goodPackFiles(), '.git/config': 'x', '.DS_Store': 'x' });
    const result = await importPack(source);
    expect(result).toMatchObject({ ok: true, packId: 'claims-pack', name: 'Claims pack', scenarioIds: ['pack.alpha', 'pack.beta'], problems: [], replaced: false });
    expect(result.pack).toMatchObject({
      id: 'claims-pack',
      title: 'Claims pack',
      version: '1.2.0',
      origin: { kind: 'folder', name: 'Claims Pack', path: source },
      importedAt: '2026-05-04T08:00:00.000Z',
      trackIds: ['basics'],
      files: 5,
    });
    const installed = path.join(contentPacksDir(dataDir), 'claims-pack');
    expect(listTree(installed)).toEqual([
      PACK_RECORD_FILE,
      'pack.alpha/',
      'pack.alpha/docs/',
      'pack.alpha/docs/guide.md',
      'pack.alpha/scenario.yaml',
      'pack.beta/',
      'pack.beta/docs/',
      'pack.beta/docs/guide.md',
      'pack.beta/scenario.yaml',
      'pack.yaml',
    ]);
    expect(listTree(path.join(contentPacksDir(dataDir), '.staging'))).toEqual([]);

    expect(await listContentPacks(dataDir)).toEqual([result.pack]);

    const app = await openTestDatabase(root);
    try {
      const reload = await syncContent(app.db, contentRootsFor(bundled, dataDir));
      expect(reload.problems).toEqual([]);
      const scenarios = await listScenarios(app.db);
      expect(scenarios.map((s) => [s.id, s.origin, s.documentCount])).toEqual(
        expect.arrayContaining([
          ['bundled.one', 'bundled', 0],
          ['pack.alpha', 'imported', 1],
          ['pack.beta', 'imported', 1],
        ]),
      );
    } finally {
      await app.close();
    }
  });

  it('installs a zip made with "Compress folder" (one wrapper folder) and a zip of a single scenario', async () => {
    const wrapped = writeZip('claims.zip', zipOf(goodPackFiles(), { prefix: 'Claims Pack/' }));
    const result = await importPack(wrapped);
    expect(result).toMatchObject({ ok: true, packId: 'claims-pack', scenarioIds: ['pack.alpha', 'pack.beta'] });
    expect(result.pack?.origin).toEqual({ kind: 'zip', name: 'claims.zip', path: wrapped });

    const single = writeZip('Solo Scenario.zip', zipOf({ 'scenario.yaml': minimalScenarioYaml('solo.one'), 'docs/readme.txt': 'hello' }));
    const solo = await importPack(single);
    expect(solo).toMatchObject({ ok: true, packId: 'solo-scenario', name: 'Solo Scenario', scenarioIds: ['solo.one'] });
    expect(listTree(path.join(contentPacksDir(dataDir), 'solo-scenario'))).toEqual([
      PACK_RECORD_FILE,
      'solo-scenario/',
      'solo-scenario/docs/',
      'solo-scenario/docs/readme.txt',
      'solo-scenario/scenario.yaml',
    ]);
    expect((await listContentPacks(dataDir)).map((pack) => pack.id)).toEqual(['claims-pack', 'solo-scenario']);
  });

  it('refuses an invalid pack with located problems relative to the pack, and installs nothing', async () => {
    const files = goodPackFiles();
    files['pack.beta/scenario.yaml'] = minimalScenarioYaml('pack.beta', { extra: 'difficulty_level: hard\n' });
    files['pack.alpha/scenario.yaml'] = files['pack.alpha/scenario.yaml']!.replace('docs/guide.md', 'docs/missing.md');
    const zip = writeZip('bad.zip', zipOf(files, { prefix: 'bad/' }));
    const result = await importPack(zip);
    expect(result.ok).toBe(false);
    expect(result.packId).toBe('claims-pack');
    expect(result.problems).toEqual([
      {
        file: 'bad.zip/bad/pack.alpha/scenario.yaml',
        line: 20,
        column: 5,
        path: 'documents[0].file',
        message: expect.stringMatching(/^documents\[0\]\.file: "docs\/missing\.md" was not found \(looked for bad\.zip\/bad\/pack\.alpha\/docs\/missing\.md\)$/),
      },
      { file: 'bad.zip/bad/pack.beta/scenario.yaml', line: 19, column: 1, path: 'difficulty_level', message: 'difficulty_level: unknown field "difficulty_level"' },
    ]);
    expectNothingInstalled();
  });

  it('locates problems in pack.yaml, including tracks naming scenarios that are not in the pack', async () => {
    const source = path.join(root, 'tracked');
    writeFiles(source, {
      ...goodPackFiles(),
      'pack.yaml': packYaml('tracked', { track: ['pack.alpha', ['pack.gamma', 80]], extra: 'colour: blue\n' }),
    });
    const result = await importPack(source);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual(['tracked/pack.yaml:10:1: colour: unknown field "colour"']);

    writeFiles(source, { 'pack.yaml': packYaml('tracked', { track: ['pack.alpha', ['pack.gamma', 80]] }) });
    const second = await importPack(source);
    expect(second.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      'tracked/pack.yaml:8:9: tracks[0].scenarios[1].scenario: there is no scenario with the id "pack.gamma" in this pack',
    ]);
    expectNothingInstalled();
  });

  it('refuses a folder or zip without any scenario', async () => {
    const empty = writeZip('empty.zip', zipOf({ 'notes/readme.md': '# nothing' }));
    const result = await importPack(empty);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ file: 'empty.zip/notes', message: expect.stringContaining('no scenarios found') });
    expect((await importPack(path.join(root, 'nowhere'))).problems[0]).toMatchObject({ file: 'nowhere', message: expect.stringContaining('does not exist') });
    const notZip = writeZip('notes.zip', strToU8('just text'));
    expect((await importPack(notZip)).problems[0]?.message).toBe('this is neither a folder nor a .zip archive');
    expectNothingInstalled();
  });
});

describe('hostile archives', () => {
  const outside = () => [path.join(root, 'evil'), path.join(dataDir, 'evil'), path.join(contentPacksDir(dataDir), 'evil'), '/abs', path.join(root, 'x')];

  it.each([
    ['../evil', /"\.\." segment/],
    ['pack/../../evil', /"\.\." segment/],
    ['a/../../x', /"\.\." segment/],
    ['/abs', /absolute path/],
    ['..\\..\\evil', /backslash/],
    ['pack\\..\\..\\evil', /backslash/],
    ['C:/evil', /drive letter/],
    ['pack/evil:stream', /":"/],
    ['pack/NUL.txt', /reserved device name/],
  ])('refuses an entry named %s before writing anything', async (name, reason) => {
    const zip = writeZip('slip.zip', zipOf({ ...goodPackFiles(), [name]: 'pwned' }));
    const result = await importPack(zip);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ file: `slip.zip/${name}`, line: 1, column: 1, path: '', message: expect.stringMatching(reason) }]);
    for (const file of outside()) expect(existsSync(file)).toBe(false);
    expectNothingInstalled();
  });

  it('refuses symbolic links in a zip and in a folder', async () => {
    const files: Zippable = {};
    for (const [name, content] of Object.entries(goodPackFiles())) files[name] = strToU8(content);
    files['pack.alpha/docs/passwd.md'] = [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }];
    const result = await importPack(writeZip('links.zip', zipSync(files)));
    expect(result.problems).toEqual([{ file: 'links.zip/pack.alpha/docs/passwd.md', line: 1, column: 1, path: '', message: expect.stringContaining('symbolic link') }]);

    const folder = path.join(root, 'linked');
    writeFiles(folder, goodPackFiles());
    symlinkSync('/etc/hostname', path.join(folder, 'pack.alpha', 'docs', 'host.md'));
    const fromFolder = await importPack(folder);
    expect(fromFolder.problems).toEqual([{ file: 'linked/pack.alpha/docs/host.md', line: 1, column: 1, path: '', message: expect.stringContaining('symbolic link') }]);
    expectNothingInstalled();
  });

  it('refuses names that collide on a case-insensitive disk', async () => {
    const result = await importPack(writeZip('case.zip', zipOf({ ...goodPackFiles(), 'pack.alpha/docs/Guide.md': 'other' })));
    expect(result.problems[0]?.message).toMatch(/twice/);
    expectNothingInstalled();
  });

  it('refuses a zip whose files add up to more than the total limit, from the directory alone', async () => {
    const chunk = new Uint8Array(packLimits.maxFileBytes); // 5 MiB of zeros, a few KiB compressed
    const files: Record<string, string | Uint8Array> = { ...goodPackFiles() };
    for (let i = 0; i < 11; i++) files[`pack.alpha/docs/filler-${i}.txt`] = chunk;
    const zip = zipOf(files, { level: 1 });
    expect(zip.byteLength).toBeLessThan(1024 * 1024);
    const result = await importPack(writeZip('big.zip', zip));
    expect(result.problems).toEqual([{ file: 'big.zip', line: 1, column: 1, path: '', message: 'the archive would extract to 55 MiB; the limit is 50 MiB' }]);
    expectNothingInstalled();
  });

  it('refuses a zip bomb: a small archive declaring a huge file', async () => {
    const bomb = zipOf({ ...goodPackFiles(), 'pack.alpha/docs/bomb.txt': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    const result = await importPack(writeZip('bomb.zip', bomb));
    expect(result.problems).toEqual([{ file: 'bomb.zip/pack.alpha/docs/bomb.txt', line: 1, column: 1, path: '', message: 'refused: the file is 64 MiB once extracted; the limit is 5 MiB' }]);
    expectNothingInstalled();
  });

  it('refuses a zip bomb whose headers lie about the size: inflating stops at the declared size', async () => {
    const bytes = zipOf({ ...goodPackFiles(), 'pack.alpha/docs/liar.txt': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    patchDeclaredSize(bytes, 'pack.alpha/docs/liar.txt', 1000);
    const result = await importPack(writeZip('liar.zip', bytes));
    expect(result.problems).toEqual([
      { file: 'liar.zip/pack.alpha/docs/liar.txt', line: 1, column: 1, path: '', message: expect.stringContaining('inflates to more than the 1000 bytes its header declares') },
    ]);
    expectNothingInstalled();
  });

  it('refuses more entries than the limit', async () => {
    const files: Record<string, string> = { ...goodPackFiles() };
    for (let i = 0; i < packLimits.maxEntries; i++) files[`pack.alpha/docs/n${i}.txt`] = '';
    const result = await importPack(writeZip('many.zip', zipOf(files, { level: 0 })));
    expect(result.problems).toEqual([{ file: 'many.zip', line: 1, column: 1, path: '', message: `the archive holds ${packLimits.maxEntries + 5} entries; the limit is ${packLimits.maxEntries}` }]);
    expectNothingInstalled();
  });

  it('applies the same limits to folders', async () => {
    const folder = path.join(root, 'heavy');
    writeFiles(folder, { ...goodPackFiles(), 'pack.alpha/docs/big.md': new Uint8Array(2048) });
    const result = await importPack(folder, { limits: { maxFileBytes: 1024 } });
    expect(result.problems).toEqual([{ file: 'heavy/pack.alpha/docs/big.md', line: 1, column: 1, path: '', message: 'refused: the file is 2 KiB; the limit is 1 KiB' }]);
    expectNothingInstalled();
  });
});

describe('installed packs', () => {
  it('refuses scenario ids already installed by another pack or the bundled content', async () => {
    expect((await importPack(writeZip('a.zip', zipOf(goodPackFiles('pack-a', ['shared.one']))))).ok).toBe(true);
    const result = await importPack(writeZip('b.zip', zipOf(goodPackFiles('pack-b', ['shared.one', 'own.two']))));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        file: 'b.zip/shared.one/scenario.yaml',
        line: 1,
        column: 1,
        path: 'id',
        message: 'id: the scenario id "shared.one" is already installed from the pack “Claims pack” (pack-a); remove that pack first, or give this pack the id "pack-a" in its pack.yaml to replace it',
      },
    ]);
    const clash = await importPack(writeZip('c.zip', zipOf({ 'x/scenario.yaml': minimalScenarioYaml('bundled.one') })));
    expect(clash.problems[0]?.message).toBe('id: the scenario id "bundled.one" is already installed from the content that ships with ChatTrain; give this scenario another id');
    expect((await listContentPacks(dataDir)).map((pack) => pack.id)).toEqual(['pack-a']);
  });

  it('replaces a pack imported again under the same id, and removes a pack', async () => {
    const app = await openTestDatabase(root);
    try {
      const first = await importPack(writeZip('v1.zip', zipOf(goodPackFiles('claims', ['keep.one', 'old.two']))));
      expect(first).toMatchObject({ ok: true, replaced: false });
      await syncContent(app.db, contentRootsFor(bundled, dataDir));
      const second = await importPack(writeZip('v2.zip', zipOf(goodPackFiles('claims', ['keep.one', 'new.three']))));
      expect(second).toMatchObject({ ok: true, replaced: true, scenarioIds: ['keep.one', 'new.three'] });
      expect(second.pack?.origin?.name).toBe('v2.zip');
      expect(existsSync(path.join(contentPacksDir(dataDir), 'claims', 'old.two'))).toBe(false);
      await syncContent(app.db, contentRootsFor(bundled, dataDir));
      expect((await listScenarios(app.db)).map((s) => s.id).sort()).toEqual(['bundled.one', 'keep.one', 'new.three']);

      const removed = await removeContentPack(dataDir, 'claims');
      expect(removed).toMatchObject({ id: 'claims', scenarioIds: ['keep.one', 'new.three'] });
      expect(existsSync(path.join(contentPacksDir(dataDir), 'claims'))).toBe(false);
      const reload = await syncContent(app.db, contentRootsFor(bundled, dataDir));
      expect(reload.removed).toBe(2);
      expect((await listScenarios(app.db)).map((s) => s.id)).toEqual(['bundled.one']);
    } finally {
      await app.close();
    }
    await expect(removeContentPack(dataDir, 'claims')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removeContentPack(dataDir, '../data')).rejects.toBeInstanceOf(AppError);
    await expect(removeContentPack(dataDir, '.staging')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('keeps loading scenario folders placed loose in content-packs, and never replaces one with a pack', async () => {
    writeFiles(contentPacksDir(dataDir), { 'claims-pack/scenario.yaml': minimalScenarioYaml('loose.one') });
    const result = await importPack(writeZip('claims.zip', zipOf(goodPackFiles())));
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringContaining('already holds a scenario folder named "claims-pack"')]);
    const clash = await importPack(writeZip('other.zip', zipOf({ 's/scenario.yaml': minimalScenarioYaml('loose.one') })));
    expect(clash.problems[0]?.message).toMatch(/already installed from the scenario folder "claims-pack" placed in the data folder's content-packs/);
    expect(await listContentPacks(dataDir)).toEqual([]);
    const app = await openTestDatabase(root);
    try {
      await syncContent(app.db, contentRootsFor(bundled, dataDir));
      expect((await listScenarios(app.db)).map((s) => [s.id, s.origin])).toEqual([
        ['bundled.one', 'bundled'],
        ['loose.one', 'imported'],
      ]);
    } finally {
      await app.close();
    }
  });

  it('lists a pack folder placed by hand (no import record) from its files', async () => {
    writeFiles(path.join(contentPacksDir(dataDir), 'manual'), goodPackFiles('manual', ['manual.one']));
    expect(await listContentPacks(dataDir)).toEqual([
      { id: 'manual', title: 'Claims pack', description: null, version: '1.2.0', origin: null, importedAt: null, scenarioIds: ['manual.one'], trackIds: ['basics'], files: 3, bytes: expect.any(Number) },
    ]);
  });

  it('runs concurrent imports of the same pack one after the other', async () => {
    const zip = writeZip('same.zip', zipOf(goodPackFiles()));
    const results = await Promise.all([importPack(zip), importPack(zip), importPack(zip)]);
    expect(results.map((r) => [r.ok, r.replaced])).toEqual([
      [true, false],
      [true, true],
      [true, true],
    ]);
    expect(JSON.parse(readFileSync(path.join(contentPacksDir(dataDir), 'claims-pack', PACK_RECORD_FILE), 'utf8'))).toMatchObject({ id: 'claims-pack' });
  });
});

/** Rewrites the uncompressed size of `name` in both its local header and its central directory entry. */
function patchDeclaredSize(bytes: Uint8Array, name: string, size: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const encoded = strToU8(name);
  const matches = (at: number, nameAt: number, length: number) => length === encoded.length && encoded.every((b, i) => bytes[at + nameAt + i] === b);
  let patched = 0;
  for (let at = 0; at + 46 < bytes.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50 && matches(at, 30, view.getUint16(at + 26, true))) {
      view.setUint32(at + 22, size, true);
      patched++;
    } else if (signature === 0x02014b50 && matches(at, 46, view.getUint16(at + 28, true))) {
      view.setUint32(at + 24, size, true);
      patched++;
    }
  }
  expect(patched).toBe(2);
}
