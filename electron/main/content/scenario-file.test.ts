import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from './scenario-file';
import { minimalScenarioYaml, specExampleYaml } from './testing/fixtures';
import { positionOf } from './testing/positions';

const file = '/content/sample/scenario.yaml';

function problemsOf(text: string) {
  const result = parseScenarioFile(file, text);
  if (!result.problems) throw new Error('expected problems');
  return result.problems;
}

/** A scenario with three steps, the last one edited by `lastStep`. */
function threeSteps(lastStep: string): string {
  return `id: sample.v1
title: Sample
description: Three steps.
domain: testing
version: 1.0.0
difficulty: intermediate
persona:
  name: Pat
  role: Customer
steps:
  - id: one
    persona_says: Hello
    goal: Greet
  - id: two
    persona_says: Anything else?
    goal: Help
${lastStep}`;
}

describe('parseScenarioFile', () => {
  it('loads the SPEC section 4 example as written', () => {
    const result = parseScenarioFile(file, specExampleYaml);
    expect(result.problems).toBeUndefined();
    const scenario = result.scenario!;
    expect(scenario.id).toBe('insurance.claim_handling.v1');
    expect(scenario.steps).toHaveLength(1);
    expect(scenario.steps[0]!.synonyms).toEqual({ sorry: ['sorry to hear', 'apologize', 'unfortunately'] });
    expect(scenario.documents).toEqual([{ file: 'docs/claim-guide.md', title: 'Claim Handling Guide' }]);
    expect(scenario.completion.pass_score).toBe(70);
    expect(scenario.risk?.phrases).toContain('hurt myself');
  });

  it('reports a wrong type deep in the steps at its key, with what was written', () => {
    const text = threeSteps('  - id: three\n    persona_says: Bye\n    goal: Close\n    pass_score: abc\n');
    const problems = problemsOf(text);
    expect(problems).toEqual([
      {
        file,
        ...positionOf(text, 'pass_score: abc'),
        path: 'steps[2].pass_score',
        message: 'steps[2].pass_score: expected a number, got "abc"',
      },
    ]);
    expect(problems[0]).toMatchObject({ line: 20, column: 5 });
  });

  it('reports an unknown field at its key and suggests the known one', () => {
    const text = threeSteps('  - id: three\n    persona_say: Bye\n    goal: Close\n');
    const problems = problemsOf(text);
    const unknown = problems.find((p) => p.path === 'steps[2].persona_say');
    expect(unknown).toMatchObject({ line: 18, column: 5 });
    expect(unknown?.message).toBe('steps[2].persona_say: unknown field "persona_say" (did you mean "persona_says"?)');
    // The field it was meant to be is missing: reported at the step's first line.
    expect(problems.find((p) => p.path === 'steps[2].persona_says')).toMatchObject({
      line: 17,
      column: 5,
      message: 'steps[2].persona_says: required field is missing',
    });
  });

  it('reports a missing top-level field at the mapping that lacks it', () => {
    const text = minimalScenarioYaml('no.title').replace(/^title: .*\n/m, '');
    const problems = problemsOf(text);
    expect(problems).toEqual([{ file, line: 1, column: 1, path: 'title', message: 'title: required field is missing' }]);
  });

  it('reports a duplicate step id at the duplicate\'s id', () => {
    const text = threeSteps('  - id: one\n    persona_says: Again\n    goal: Repeat\n');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'steps[2].id', line: 17, column: 5 });
    expect(problems[0]!.message).toContain('duplicate step id "one"');
  });

  it('explains enum, format and range problems in words', () => {
    const text = minimalScenarioYaml('bad.values')
      .replace('difficulty: beginner', 'difficulty: expert')
      .replace('version: 1.0.0', 'version: "1.0"')
      .concat('completion:\n  pass_score: 140\n');
    const messages = problemsOf(text).map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(messages).toEqual([
      '5:1 version: must be a SemVer version such as 1.0.0, got "1.0"',
      '6:1 difficulty: expected one of "beginner", "intermediate", "advanced", got "expert"',
      '20:3 completion.pass_score: must be at most 100, got 140',
    ]);
  });

  it('reports YAML syntax errors with js-yaml\'s position, 1-based', () => {
    const text = 'id: a\ntitle: "unterminated\n';
    const [problem] = problemsOf(text);
    expect(problem).toMatchObject({ file, path: '', line: 3, column: 1 });
    expect(problem!.message).toMatch(/^YAML syntax error: unexpected end of the stream within a double quoted scalar/);
  });

  it('rejects an empty file and a file that is not a mapping', () => {
    expect(problemsOf('# nothing here\n')[0]).toMatchObject({ line: 1, column: 1 });
    expect(problemsOf('# nothing here\n')[0]!.message).toContain('the file is empty');
    expect(problemsOf('- id: a\n')[0]!.message).toContain('not a list');
  });
});

describe('parseScenarioFile with hostile YAML', () => {
  const cases: { name: string; text: string; line: number; column: number; path: string; message: RegExp }[] = [
    {
      name: 'more than 100 aliases',
      text: `${minimalScenarioYaml('aliases')}tags:\n${'  - *x\n'.repeat(101)}`.replace('domain: testing', 'domain: &x testing'),
      line: 120, column: 5, path: '', message: /more than 100 aliases/,
    },
    {
      name: 'an alias bomb',
      text: `${minimalScenarioYaml('bomb')}risk:\n  phrases: &p0 [a, a, a, a, a, a, a, a, a, a]\n${Array.from({ length: 6 }, (_, i) => `  x${i + 1}: &p${i + 1} [${Array(10).fill(`*p${i}`).join(', ')}]\n`).join('')}`,
      line: 25, column: 3, path: 'risk.x5', message: /200,000 values/,
    },
    {
      name: 'nesting deeper than 64 levels',
      text: `${minimalScenarioYaml('deep')}tags: ${'['.repeat(64)}${']'.repeat(64)}\n`,
      line: 19, column: 70, path: '', message: /deeper than 64 levels/,
    },
    {
      name: 'a __proto__ key',
      text: minimalScenarioYaml('proto').replace('  role: Someone to talk to\n', '  role: Someone to talk to\n  __proto__: { admin: true }\n'),
      line: 10, column: 3, path: 'persona.__proto__', message: /"__proto__" is not allowed/,
    },
    {
      name: 'two documents',
      text: `${minimalScenarioYaml('one')}---\n${minimalScenarioYaml('two')}`,
      line: 19, column: 1, path: '', message: /more than one YAML document/,
    },
  ];

  for (const testCase of cases) {
    it(`rejects ${testCase.name} with its position`, () => {
      const problems = problemsOf(testCase.text);
      expect(problems).toHaveLength(1);
      const [problem] = problems;
      expect({ file: problem!.file, line: problem!.line, column: problem!.column }).toEqual({ file, line: testCase.line, column: testCase.column });
      expect(problem!.message).toMatch(testCase.message);
      if (testCase.path) expect(problem!.path).toBe(testCase.path);
    });
  }
});
