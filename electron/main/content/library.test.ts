import { renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/open-database';
import type { Database } from '../db/schema';
import { syncContent, type ContentRoot } from './library';
import { listScenarios, searchDocuments } from './queries';
import { minimalScenarioYaml, openTestDatabase, specExampleGuide, specExampleYaml, tempDir, writeFiles } from './testing/fixtures';

let dir: string;
let cleanup: () => void;
let app: AppDatabase;
let content: string;
let roots: ContentRoot[];

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  app = await openTestDatabase(dir);
  content = path.join(dir, 'content');
  roots = [{ dir: content, origin: 'bundled' }];
  writeFiles(content, {
    'claims/scenario.yaml': specExampleYaml,
    'claims/docs/claim-guide.md': specExampleGuide,
    'simple/scenario.yaml': minimalScenarioYaml('simple.one'),
  });
});

afterEach(async () => {
  await app.close();
  cleanup();
});

async function count(table: 'scenarios' | 'documents' | 'document_chunks'): Promise<number> {
  const row = await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves every file's modification time an hour back, as for content installed earlier. */
function ageFiles(...files: string[]): void {
  const past = new Date(Date.now() - 3600_000);
  for (const file of files) utimesSync(file, past, past);
}

describe('syncContent', () => {
  it('loads every valid scenario with documents and chunks; a bad one does not stop the others', async () => {
    writeFiles(content, { 'broken/scenario.yaml': minimalScenarioYaml('broken.one').replace('version: 1.0.0', 'version: one') });
    const result = await syncContent(app.db, roots);
    expect(result).toMatchObject({ loaded: 2, unchanged: 0, removed: 0 });
    expect(result.problems).toEqual([
      expect.objectContaining({ file: path.join(content, 'broken', 'scenario.yaml'), path: 'version', line: 5, column: 1 }),
    ]);
    expect((await listScenarios(app.db)).map((s) => s.id).sort()).toEqual(['insurance.claim_handling.v1', 'simple.one']);
    expect(await count('documents')).toBe(1);
    expect(await count('document_chunks')).toBe(3);
    const stored = await app.db.selectFrom('scenarios').selectAll().where('id', '=', 'simple.one').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ origin: 'bundled', source_path: path.join(content, 'simple'), tags_json: '[]' });
    expect(stored.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports everything unchanged on a warm reload, and keeps reporting problems', async () => {
    writeFiles(content, { 'broken/scenario.yaml': 'id: [' });
    await syncContent(app.db, roots);
    const before = await app.db.selectFrom('scenarios').select(['id', 'loaded_at']).orderBy('id').execute();
    const again = await syncContent(app.db, roots);
    expect(again).toMatchObject({ loaded: 0, unchanged: 2, removed: 0 });
    expect(again.problems).toHaveLength(1);
    // Nothing was rewritten.
    expect(await app.db.selectFrom('scenarios').select(['id', 'loaded_at']).orderBy('id').execute()).toEqual(before);
  });

  it('notices a changed document and re-parses it; search sees only the new text', async () => {
    await syncContent(app.db, roots);
    expect(await searchDocuments(app.db, { query: 'hailstorm' })).toHaveLength(1);
    writeFileSync(path.join(content, 'claims', 'docs', 'claim-guide.md'), '# Claim Handling Guide\n\nCheck the windscreen first.\n');
    const result = await syncContent(app.db, roots);
    expect(result).toMatchObject({ loaded: 1, unchanged: 1, removed: 0 });
    expect(await searchDocuments(app.db, { query: 'hailstorm' })).toEqual([]);
    expect(await searchDocuments(app.db, { query: 'windscreen' })).toHaveLength(1);
    expect(await count('document_chunks')).toBe(1);
  });

  it('notices a changed scenario file even when its stats were trusted, same size and mtime restored', async () => {
    const file = path.join(content, 'simple', 'scenario.yaml');
    ageFiles(file, path.join(content, 'claims', 'scenario.yaml'), path.join(content, 'claims', 'docs', 'claim-guide.md'));
    await syncContent(app.db, roots);
    expect(await syncContent(app.db, roots)).toMatchObject({ loaded: 0, unchanged: 2 });

    const { mtime, size } = statSync(file);
    const edited = minimalScenarioYaml('simple.one', { title: 'Scenario simple.ONE' });
    expect(Buffer.byteLength(edited)).toBe(size);
    writeFileSync(file, edited);
    utimesSync(file, mtime, mtime);
    const result = await syncContent(app.db, roots);
    expect(result).toMatchObject({ loaded: 1, unchanged: 1 });
    expect((await listScenarios(app.db)).find((s) => s.id === 'simple.one')?.title).toBe('Scenario simple.ONE');
  });

  it('recognises unchanged folders by checksum after a restart, without re-storing them', async () => {
    await syncContent(app.db, roots);
    // A second Kysely instance on the same file stands in for a new process: no stats cached.
    const restarted = new Kysely<Database>({ dialect: new SqliteDialect({ database: app.sqlite }) });
    const result = await syncContent(restarted, roots);
    expect(result).toMatchObject({ loaded: 0, unchanged: 2, removed: 0, problems: [] });
  });

  it('removes scenarios whose folder vanished, with their documents and chunks', async () => {
    await syncContent(app.db, roots);
    rmSync(path.join(content, 'claims'), { recursive: true });
    const result = await syncContent(app.db, roots);
    expect(result).toMatchObject({ loaded: 0, unchanged: 1, removed: 1 });
    expect(await count('scenarios')).toBe(1);
    expect(await count('documents')).toBe(0);
    expect(await count('document_chunks')).toBe(0);
    expect(await searchDocuments(app.db, { query: 'policy' })).toEqual([]);
  });

  it('drops a scenario that stops loading and reports why', async () => {
    await syncContent(app.db, roots);
    writeFileSync(path.join(content, 'simple', 'scenario.yaml'), minimalScenarioYaml('simple.one', { extra: 'persona_say: hi\n' }));
    const result = await syncContent(app.db, roots);
    expect(result).toMatchObject({ loaded: 0, unchanged: 1, removed: 1 });
    expect(result.problems).toEqual([expect.objectContaining({ path: 'persona_say', line: 19, column: 1 })]);
    expect((await listScenarios(app.db)).map((s) => s.id)).toEqual(['insurance.claim_handling.v1']);
  });

  it('follows a folder that is renamed, or that starts declaring another id', async () => {
    await syncContent(app.db, roots);
    renameSync(path.join(content, 'simple'), path.join(content, 'renamed'));
    expect(await syncContent(app.db, roots)).toMatchObject({ loaded: 1, unchanged: 1, removed: 0 });
    writeFileSync(path.join(content, 'renamed', 'scenario.yaml'), minimalScenarioYaml('simple.two'));
    expect(await syncContent(app.db, roots)).toMatchObject({ loaded: 1, unchanged: 1, removed: 1 });
    const rows = await app.db.selectFrom('scenarios').select(['id', 'source_path']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'insurance.claim_handling.v1', source_path: path.join(content, 'claims') },
      { id: 'simple.two', source_path: path.join(content, 'renamed') },
    ]);
  });

  it('keeps the first of two folders with the same id (bundled before imported) and reports the second', async () => {
    const imported = path.join(dir, 'imported');
    writeFiles(imported, { 'copy/scenario.yaml': minimalScenarioYaml('simple.one', { title: 'Imported copy' }) });
    const result = await syncContent(app.db, [...roots, { dir: imported, origin: 'imported' }]);
    expect(result).toMatchObject({ loaded: 2, unchanged: 0 });
    expect(result.problems).toEqual([
      expect.objectContaining({ file: path.join(imported, 'copy', 'scenario.yaml'), path: 'id', line: 1, column: 1 }),
    ]);
    expect((await listScenarios(app.db)).find((s) => s.id === 'simple.one')).toMatchObject({ origin: 'bundled', title: 'Scenario simple.one' });
  });

  it('treats a content folder that does not exist yet as empty', async () => {
    const result = await syncContent(app.db, [...roots, { dir: path.join(dir, 'not-created'), origin: 'imported' }]);
    expect(result).toMatchObject({ loaded: 2, problems: [] });
  });
});
