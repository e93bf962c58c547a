import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateContent } from './discovery';
import { minimalScenarioYaml, specExampleGuide, specExampleYaml, tempDir, writeFiles } from './testing/fixtures';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('validateContent', () => {
  it('checks every scenario folder of a content folder; one bad scenario does not stop the others', async () => {
    writeFiles(dir, {
      'a-good/scenario.yaml': specExampleYaml,
      'a-good/docs/claim-guide.md': specExampleGuide,
      'b-broken/scenario.yaml': 'id: broken\ntitle: [unclosed\n',
      'c-good/scenario.yaml': minimalScenarioYaml('c.good'),
      'd-misnamed/scenario.yml': minimalScenarioYaml('d.misnamed'),
      'notes/README.md': 'not a scenario',
      '.hidden/scenario.yaml': 'broken: [',
    });
    const report = await validateContent(dir);
    expect(report.scenarios.map((s) => s.id)).toEqual(['insurance.claim_handling.v1', 'c.good']);
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]).toMatchObject({ file: path.join(dir, 'b-broken', 'scenario.yaml'), line: 3, column: 1 });
    expect(report.problems[0]!.message).toMatch(/^YAML syntax error/);
    expect(report.problems[1]).toMatchObject({ file: path.join(dir, 'd-misnamed', 'scenario.yml'), line: 1, column: 1 });
    expect(report.problems[1]!.message).toContain('rename scenario.yml');
  });

  it('reports the second of two scenarios declaring the same id, at its id', async () => {
    writeFiles(dir, {
      'first/scenario.yaml': minimalScenarioYaml('same.id'),
      'second/scenario.yaml': `# copied from first\n${minimalScenarioYaml('same.id')}`,
    });
    const report = await validateContent(dir);
    expect(report.scenarios).toEqual([{ id: 'same.id', file: path.join(dir, 'first', 'scenario.yaml') }]);
    expect(report.problems).toEqual([
      {
        file: path.join(dir, 'second', 'scenario.yaml'),
        line: 2,
        column: 1,
        path: 'id',
        message: `id: the id "same.id" is already used by ${path.join(dir, 'first', 'scenario.yaml')}`,
      },
    ]);
  });

  it('accepts a single scenario folder or a scenario file', async () => {
    writeFiles(dir, { 'one/scenario.yaml': minimalScenarioYaml('one'), 'other.yaml': minimalScenarioYaml('other', { extra: 'bogus: 1\n' }) });
    expect((await validateContent(path.join(dir, 'one'))).scenarios.map((s) => s.id)).toEqual(['one']);
    expect((await validateContent(path.join(dir, 'one', 'scenario.yaml'))).problems).toEqual([]);
    const report = await validateContent(path.join(dir, 'other.yaml'));
    expect(report.problems).toEqual([
      expect.objectContaining({ path: 'bogus', line: 19, column: 1, message: 'bogus: unknown field "bogus"' }),
    ]);
  });

  it('says so when the path does not exist or holds no scenarios', async () => {
    const missing = await validateContent(path.join(dir, 'nope'));
    expect(missing.problems[0]!.message).toBe('this path does not exist');
    mkdirSync(path.join(dir, 'empty'));
    const empty = await validateContent(path.join(dir, 'empty'));
    expect(empty.problems[0]!.message).toContain('no scenarios found');
  });
});
