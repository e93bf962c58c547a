import { describe, expect, it } from 'vitest';
import { formatPath, locatePath } from './locate';
import { parseYamlSafely, type ParsedYaml } from './safe-yaml';
import { positionOf } from './testing/positions';

const text = `# A comment before anything
id: sample
steps:
  - id: first
    goal: Greet   # trailing comment
    synonyms: { sorry: [apologize, "sorry to hear"], "thank you": [thanks] }
  - {id: second, goal: "Flow style"}
  -
  - id: after-empty
    pass_score:
      60
empty:
list:
- one
- two
`;

function parse(source: string): ParsedYaml {
  const result = parseYamlSafely(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.yaml;
}

describe('formatPath', () => {
  it('writes indexes in brackets and dotted keys, quoting keys that are not words', () => {
    expect(formatPath(['steps', 2, 'pass_score'])).toBe('steps[2].pass_score');
    expect(formatPath(['steps', 0, 'synonyms', 'sorry to hear'])).toBe('steps[0].synonyms["sorry to hear"]');
    expect(formatPath([])).toBe('');
    expect(formatPath([0, 'a'])).toBe('[0].a');
  });
});

describe('locatePath', () => {
  const yaml = parse(text);
  const at = (path: PropertyKey[]) => {
    const { line, column } = locatePath(yaml, path);
    return { line, column };
  };

  it('points at the key of a field that exists', () => {
    expect(at(['id'])).toEqual({ line: 2, column: 1 });
    expect(at(['steps', 0, 'goal'])).toEqual(positionOf(text, 'goal: Greet'));
    expect(at(['steps', 0, 'synonyms', 'thank you'])).toEqual(positionOf(text, '"thank you"'));
    expect(locatePath(yaml, ['steps', 0, 'goal']).exact).toBe(true);
  });

  it('points at the first character of a sequence item', () => {
    expect(at(['steps', 0])).toEqual(positionOf(text, 'id: first'));
    expect(at(['steps', 0, 'synonyms', 'sorry', 1])).toEqual(positionOf(text, '"sorry to hear"'));
    expect(at(['list', 1])).toEqual(positionOf(text, 'two'));
  });

  it('finds keys inside flow mappings', () => {
    expect(at(['steps', 1, 'goal'])).toEqual(positionOf(text, 'goal: "Flow'));
    expect(at(['steps', 1])).toEqual(positionOf(text, '{id: second'));
  });

  it('keeps item numbering right after an empty item', () => {
    expect(at(['steps', 3, 'id'])).toEqual(positionOf(text, 'id: after-empty'));
    expect(at(['steps', 3, 'pass_score'])).toEqual(positionOf(text, 'pass_score:'));
  });

  it('falls back to the nearest existing ancestor for a missing field', () => {
    expect(at(['title'])).toEqual({ line: 2, column: 1 });
    expect(at(['steps', 0, 'persona_says'])).toEqual(positionOf(text, 'id: first'));
    expect(at(['steps', 9, 'goal'])).toEqual(positionOf(text, 'steps:'));
    expect(at(['empty', 'nested'])).toEqual(positionOf(text, 'empty:'));
    expect(locatePath(yaml, ['title']).exact).toBe(false);
  });

  it('never throws on odd paths or odd trees', () => {
    expect(at(['id', 'deeper', 3])).toEqual({ line: 2, column: 1 });
    expect(at([Symbol('x')])).toEqual({ line: 2, column: 1 });
    expect(at(['list', 'not-an-index'])).toEqual(positionOf(text, 'list:'));
    const empty = parse('# only a comment\n');
    expect(locatePath(empty, ['anything'])).toMatchObject({ line: 1, column: 1 });
  });

  it('locates keys reached through anchors written in the file', () => {
    const source = 'base: &b\n  x: 1\ncopy: *b\n';
    const parsed = parse(source);
    expect(locatePath(parsed, ['base', 'x'])).toMatchObject(positionOf(source, 'x: 1'));
    // Inside an alias there is nothing written to point at; the alias itself is the answer.
    expect(locatePath(parsed, ['copy', 'x'])).toMatchObject({ ...positionOf(source, 'copy:'), exact: false });
  });
});
