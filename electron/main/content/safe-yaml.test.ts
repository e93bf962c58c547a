import { describe, expect, it } from 'vitest';
import { parseYamlSafely } from './safe-yaml';
import { positionOf } from './testing/positions';

function expectError(input: string | Uint8Array) {
  const result = parseYamlSafely(input);
  if (result.ok) throw new Error('expected the YAML to be rejected');
  return result.error;
}

describe('parseYamlSafely', () => {
  it('parses ordinary YAML and keeps a node tree for locating fields', () => {
    const result = parseYamlSafely('a: 1\nb: [x, y]\nc:\n  d: true\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.yaml.value).toEqual({ a: 1, b: ['x', 'y'], c: { d: true } });
    expect(result.yaml.root?.kind).toBe('mapping');
  });

  it('reports syntax errors at the 1-based line and column js-yaml marks', () => {
    const text = 'id: a\nsteps:\n  - id: x\n     goal: y\n';
    const error = expectError(text);
    expect(error.kind).toBe('syntax');
    expect(error.message).toMatch(/^YAML syntax error: bad indentation of a mapping entry/);
    // js-yaml marks line 3 (0-based), column 9 (0-based): the ':' after "goal".
    expect({ line: error.line, column: error.column }).toEqual(positionOf(text, ': y'));
    expect({ line: error.line, column: error.column }).toEqual({ line: 4, column: 10 });
  });

  it('reports an unclosed flow sequence where js-yaml noticed it', () => {
    const text = 'tags: [a, b\nnext: 1\n';
    const error = expectError(text);
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(2);
    expect(error.column).toBeGreaterThan(0);
  });

  it('rejects files over 1 MiB before decoding them', () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x61);
    const error = expectError(big);
    expect(error).toMatchObject({ kind: 'too-large', line: 0, column: 0 });
    expect(error.message).toContain('the limit is 1 MiB');
    // Exactly at the limit is fine (size is the only thing wrong with the big one).
    const atLimit = Buffer.concat([Buffer.from('a: "'), Buffer.alloc(1024 * 1024 - 6, 0x62), Buffer.from('"\n')]);
    expect(atLimit.length).toBe(1024 * 1024);
    expect(parseYamlSafely(atLimit).ok).toBe(true);
  });

  it('rejects text that is not UTF-8', () => {
    const error = expectError(Uint8Array.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect(error).toMatchObject({ kind: 'encoding', line: 0, column: 0 });
  });

  it('rejects more than 100 aliases, at the 101st', () => {
    const uses = (n: number) => `base: &b value\nlist:\n${'  - *b\n'.repeat(n)}`;
    expect(parseYamlSafely(uses(100)).ok).toBe(true);
    const error = expectError(uses(101));
    expect(error.kind).toBe('aliases');
    expect(error.message).toContain('more than 100 aliases');
    expect({ line: error.line, column: error.column }).toEqual({ line: 103, column: 5 });
  });

  it('rejects nesting deeper than 64 levels and accepts 64', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    expect(parseYamlSafely(nested(64)).ok).toBe(true);
    const error = expectError(nested(65));
    expect(error.kind).toBe('depth');
    expect(error.message).toContain('deeper than 64 levels');
    // The 65th "[" opens the list that is one level too deep.
    expect({ line: error.line, column: error.column }).toEqual({ line: 1, column: 65 });
  });

  it('rejects deep block mappings at the key holding the level that is too deep', () => {
    const levels = 65;
    let text = '';
    for (let i = 0; i < levels; i++) text += `${'  '.repeat(i)}k${i}:\n`;
    text += `${'  '.repeat(levels)}leaf: 1\n`;
    const error = expectError(text);
    expect(error.kind).toBe('depth');
    expect({ line: error.line, column: error.column }).toEqual(positionOf(text, 'k63:'));
  });

  it('stops absurdly deep input inside js-yaml, quickly, with a position', () => {
    const error = expectError(`${'['.repeat(100_000)}\n`);
    expect(error.kind).toBe('depth');
    expect(error.line).toBe(1);
    expect(error.column).toBeGreaterThan(64);
  });

  it('rejects a __proto__ key wherever it appears, and leaves Object.prototype alone', () => {
    const text = 'id: a\npersona:\n  name: N\n  __proto__:\n    polluted: yes\n';
    const error = expectError(text);
    expect(error).toMatchObject({ kind: 'proto', path: 'persona.__proto__', line: 4, column: 3 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const inFlow = 'list: [{ a: 1 }, { "__proto__": 2 }]\n';
    const flowError = expectError(inFlow);
    expect(flowError.kind).toBe('proto');
    expect({ line: flowError.line, column: flowError.column }).toEqual(positionOf(inFlow, '"__proto__"'));

    expect(parseYamlSafely('constructor: 1\nprototype: 2\nname: __proto__\n').ok).toBe(true);
  });

  it('rejects an alias bomb (few aliases, huge expansion) without expanding it', () => {
    const text = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
      'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]',
      'h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]',
      'i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]',
      '',
    ].join('\n');
    const error = expectError(text);
    expect(error.kind).toBe('expansion');
    expect(error.message).toContain('200,000');
    // "f" is the first value that alone expands past the limit (1 + 10 × 111,111).
    expect(error).toMatchObject({ path: 'f', line: 6, column: 1 });
  });

  it('allows modest sharing through aliases', () => {
    const result = parseYamlSafely('base: &b {x: 1, y: [1, 2]}\none: *b\ntwo: *b\n');
    expect(result.ok).toBe(true);
  });

  it('rejects an alias that refers to the collection containing it', () => {
    const text = 'a: &loop [1, *loop]\n';
    const error = expectError(text);
    expect(error.kind).toBe('recursive');
    expect({ line: error.line, column: error.column }).toEqual(positionOf(text, '*loop'));
  });

  it('rejects files holding more than one document, at the second "---"', () => {
    const text = 'a: 1\nb: 2\n---\nc: 3\n';
    const error = expectError(text);
    expect(error).toMatchObject({ kind: 'documents', line: 3, column: 1 });
    expect(parseYamlSafely('---\na: 1\n').ok).toBe(true);
  });

  it('counts positions after a BOM and CRLF line breaks like an editor does', () => {
    const error = expectError('\uFEFFa: 1\r\nb: 2\r\n  c: 3\r\n');
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(3);
  });
});
