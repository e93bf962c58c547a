import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDocumentPath } from './documents';
import { checksumFromCache, loadScenario } from './scenario-folder';
import { minimalScenarioYaml, specExampleGuide, specExampleYaml, tempDir, writeFiles } from './testing/fixtures';
import { positionOf } from './testing/positions';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** A scenario folder whose scenario lists `documents` (YAML text of the list items). */
function scenarioWithDocuments(name: string, documents: string, files: Record<string, string | Uint8Array> = {}) {
  const folder = path.join(dir, name);
  const yaml = minimalScenarioYaml(name, { extra: `documents:\n${documents}` });
  writeFiles(folder, { 'scenario.yaml': yaml, ...files });
  return { folder, file: path.join(folder, 'scenario.yaml'), yaml };
}

async function problemsOf(file: string) {
  const result = await loadScenario(file);
  if (!result.problems) throw new Error('expected problems');
  return result.problems;
}

describe('loadScenario', () => {
  it('loads the SPEC example with its guide, chunked, with a checksum', async () => {
    const folder = path.join(dir, 'claims');
    writeFiles(folder, { 'scenario.yaml': specExampleYaml, 'docs/claim-guide.md': specExampleGuide });
    const result = await loadScenario(path.join(folder, 'scenario.yaml'));
    expect(result.problems).toBeUndefined();
    const loaded = result.loaded!;
    expect(loaded.scenario.id).toBe('insurance.claim_handling.v1');
    expect(loaded.dir).toBe(folder);
    expect(loaded.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.documents).toHaveLength(1);
    const [guide] = loaded.documents;
    expect(guide).toMatchObject({ path: 'docs/claim-guide.md', title: 'Claim Handling Guide', format: 'md' });
    expect(guide!.content).toBe(specExampleGuide);
    expect(guide!.chunks.map((c) => c.heading)).toEqual([
      'Claim Handling Guide',
      'Claim Handling Guide > Required details',
      'Claim Handling Guide > Empathy',
    ]);
    expect(loaded.fingerprints.map((f) => path.basename(f.path))).toEqual(['scenario.yaml', 'claim-guide.md']);
  });

  it('rejects a document path that climbs out of the folder, at its file line', async () => {
    writeFileSync(path.join(dir, 'outside.md'), '# secret');
    const { file, yaml } = scenarioWithDocuments('escape', '  - file: ../outside.md\n    title: Outside\n');
    const [problem] = await problemsOf(file);
    expect(problem).toMatchObject({ file, path: 'documents[0].file', ...positionOf(yaml, 'file: ../outside.md') });
    expect(problem).toMatchObject({ line: 20, column: 5 });
    expect(problem!.message).toContain('points outside the scenario folder');
  });

  it('rejects an absolute document path', async () => {
    const { file, yaml } = scenarioWithDocuments('absolute', '  - title: Passwords\n    file: /etc/passwd\n');
    const [problem] = await problemsOf(file);
    expect(problem).toMatchObject({ path: 'documents[0].file', ...positionOf(yaml, 'file: /etc/passwd') });
    expect(problem!.message).toContain('absolute path');
  });

  it('rejects a symbolic link that leads outside the folder', async () => {
    writeFiles(dir, { 'private/secret.md': '# secret' });
    const { folder, file, yaml } = scenarioWithDocuments(
      'linked',
      '  - file: docs/guide.md\n    title: Guide\n  - file: docs/secret.md\n    title: Secret\n',
      { 'docs/guide.md': '# Guide\n\nFine.\n' },
    );
    symlinkSync(path.join(dir, 'private', 'secret.md'), path.join(folder, 'docs', 'secret.md'));
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'documents[1].file', ...positionOf(yaml, 'file: docs/secret.md') });
    expect(problems[0]!.message).toContain('through a symbolic link');
  });

  it('rejects a symbolic-linked folder that leads outside, and allows links that stay inside', async () => {
    writeFiles(dir, { 'elsewhere/notes.md': '# notes' });
    const { folder, file } = scenarioWithDocuments(
      'linked-dir',
      '  - file: shared/notes.md\n    title: Notes\n',
      { 'docs/real.md': '# Real\n' },
    );
    symlinkSync(path.join(dir, 'elsewhere'), path.join(folder, 'shared'));
    expect((await problemsOf(file))[0]!.message).toContain('through a symbolic link');

    const inside = scenarioWithDocuments('linked-inside', '  - file: alias.md\n    title: Alias\n', { 'docs/real.md': '# Real\n' });
    symlinkSync(path.join(inside.folder, 'docs', 'real.md'), path.join(inside.folder, 'alias.md'));
    expect((await loadScenario(inside.file)).loaded?.documents[0]?.content).toBe('# Real\n');
  });

  it('reports a missing document, an unsupported format and PDF, each at its line', async () => {
    const { file, yaml } = scenarioWithDocuments(
      'formats',
      '  - file: docs/missing.md\n    title: Missing\n  - file: docs/deck.pdf\n    title: Deck\n  - file: docs/sheet.docx\n    title: Sheet\n',
      { 'docs/deck.pdf': '%PDF-1.4', 'docs/sheet.docx': 'PK' },
    );
    const problems = await problemsOf(file);
    expect(problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['documents[0].file', positionOf(yaml, 'file: docs/missing.md').line, 5],
      ['documents[1].file', positionOf(yaml, 'file: docs/deck.pdf').line, 5],
      ['documents[2].file', positionOf(yaml, 'file: docs/sheet.docx').line, 5],
    ]);
    expect(problems[0]!.message).toContain('was not found');
    expect(problems[1]!.message).toContain('PDF documents are not supported yet');
    expect(problems[2]!.message).toContain('unsupported format (.docx)');
  });

  it('rejects documents over 5 MiB and the same document listed twice', async () => {
    const { file, yaml } = scenarioWithDocuments(
      'sizes',
      '  - file: docs/huge.txt\n    title: Huge\n  - file: docs/ok.txt\n    title: Ok\n  - file: ./docs/ok.txt\n    title: Again\n',
      { 'docs/huge.txt': Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), 'docs/ok.txt': 'fine' },
    );
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ path: 'documents[0].file', line: positionOf(yaml, 'docs/huge.txt').line });
    expect(problems[0]!.message).toContain('the limit is 5 MiB');
    expect(problems[1]).toMatchObject({ path: 'documents[2].file', line: positionOf(yaml, './docs/ok.txt').line });
    expect(problems[1]!.message).toContain('already listed as documents[1]');
  });

  it('rejects a scenario file over 1 MiB without parsing it', async () => {
    const folder = path.join(dir, 'huge');
    mkdirSync(folder);
    const file = path.join(folder, 'scenario.yaml');
    writeFileSync(file, `${minimalScenarioYaml('huge')}# ${'x'.repeat(1024 * 1024)}\n`);
    const [problem] = await problemsOf(file);
    expect(problem).toMatchObject({ file, line: 1, column: 1, path: '' });
    expect(problem!.message).toMatch(/scenario\.yaml is 1(\.\d)? MiB; the limit is 1 MiB/);
  });

  it('changes the checksum when any referenced file changes, and only then', async () => {
    const { folder, file } = scenarioWithDocuments('sums', '  - file: docs/a.md\n    title: A\n', { 'docs/a.md': '# A\n', 'docs/unlisted.md': 'x' });
    const first = (await loadScenario(file)).loaded!.checksum;
    expect((await loadScenario(file)).loaded!.checksum).toBe(first);
    writeFileSync(path.join(folder, 'docs', 'unlisted.md'), 'changed');
    expect((await loadScenario(file)).loaded!.checksum).toBe(first);
    expect((checksumFromCache(file, ['docs/a.md']))?.checksum).toBe(first);
    writeFileSync(path.join(folder, 'docs', 'a.md'), '# A changed\n');
    const second = (await loadScenario(file)).loaded!.checksum;
    expect(second).not.toBe(first);
    expect((checksumFromCache(file, ['docs/a.md']))?.checksum).toBe(second);
    expect(checksumFromCache(file, ['docs/gone.md'])).toBeNull();
  });
});

describe('checkDocumentPath', () => {
  it('normalises harmless paths and refuses the rest', () => {
    expect(checkDocumentPath('docs/./guide.md')).toEqual({ ok: true, path: 'docs/guide.md', format: 'md' });
    expect(checkDocumentPath('docs\\guide.TXT')).toEqual({ ok: true, path: 'docs/guide.TXT', format: 'txt' });
    expect(checkDocumentPath('docs/../guide.md')).toMatchObject({ ok: true, path: 'guide.md' });
    expect(checkDocumentPath('..foo.md')).toMatchObject({ ok: true, path: '..foo.md' });
    for (const bad of ['../x.md', 'docs/../../x.md', '/abs.md', 'C:\\x.md', 'C:x.md', '\\\\server\\share\\x.md', '..']) {
      expect(checkDocumentPath(bad).ok, bad).toBe(false);
    }
  });
});
