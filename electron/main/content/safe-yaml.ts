import { DEFAULT_SCHEMA, loadAll, type LoadOptions } from 'js-yaml';
import { contentLimits, formatBytes } from './limits';
import { formatPath, locatePath, type FieldPath, type LocatableYaml } from './locate';
import { createLineIndex, skipSpaceAndComments, type TextPosition } from './text-position';
import { YamlTreeBuilder, type ListenerState, type YamlNode } from './yaml-tree';

export interface YamlLimits {
  maxBytes: number;
  maxAliases: number;
  maxDepth: number;
  maxExpandedNodes: number;
}

const defaultLimits: YamlLimits = {
  maxBytes: contentLimits.maxYamlBytes,
  maxAliases: contentLimits.maxAliases,
  maxDepth: contentLimits.maxDepth,
  maxExpandedNodes: contentLimits.maxExpandedNodes,
};

/** A parsed YAML file: its value plus what is needed to say where a field is written. */
export interface ParsedYaml extends LocatableYaml {
  value: unknown;
}

export type YamlErrorKind = 'too-large' | 'encoding' | 'syntax' | 'aliases' | 'depth' | 'expansion' | 'recursive' | 'proto' | 'documents';

export interface YamlError {
  kind: YamlErrorKind;
  message: string;
  /** 1-based; 0 when the problem is not at a place in the file (too large, not UTF-8). */
  line: number;
  column: number;
  /** Field path of the offending value, e.g. `steps[0].__proto__`; empty when unknown. */
  path: string;
}

export type SafeYamlResult = { ok: true; yaml: ParsedYaml } | { ok: false; error: YamlError };

class LimitExceeded extends Error {
  constructor(readonly kind: YamlErrorKind, message: string, readonly offset: number) {
    super(message);
  }
}

class WalkFailure extends Error {
  constructor(readonly kind: YamlErrorKind, message: string, readonly path: PropertyKey[]) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses one YAML document with js-yaml's default schema, refusing anything that could
 * make loading slow or dangerous: files over the size limit (checked before decoding),
 * too many aliases, deep nesting, alias bombs and recursive aliases (counted on the
 * expanded structure with memoisation, so the check itself stays linear), `__proto__`
 * keys, and more than one document. Never throws.
 */
export function parseYamlSafely(input: Uint8Array | string, limits: Partial<YamlLimits> = {}): SafeYamlResult {
  const bounds = { ...defaultLimits, ...limits };
  const byteLength = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (byteLength > bounds.maxBytes) {
    return failure('too-large', `the file is ${formatBytes(byteLength)}; the limit is ${formatBytes(bounds.maxBytes)}`);
  }

  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = utf8.decode(input);
    } catch {
      return failure('encoding', 'the file is not valid UTF-8 text; save it as UTF-8');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const positionAt = createLineIndex(text);
  const aliasStarts = new Set<number>();
  const builder = new YamlTreeBuilder((node, state) => {
    // An alias is a node js-yaml closes without a kind whose content starts with `*`.
    if (node.kind !== null) return;
    const at = skipSpaceAndComments(state.input, node.start);
    if (state.input.charCodeAt(at) !== 0x2a /* * */ || aliasStarts.has(at)) return;
    aliasStarts.add(at);
    if (aliasStarts.size > bounds.maxAliases) {
      throw new LimitExceeded('aliases', `the file uses more than ${bounds.maxAliases} aliases (*name)`, at);
    }
  });

  const options: LoadOptions & { maxDepth: number } = {
    schema: DEFAULT_SCHEMA,
    // js-yaml counts every node it composes (keys and some wrappers too), so its own
    // guard is set loosely; the exact nesting limit is checked on the result below.
    maxDepth: bounds.maxDepth * 2 + 8,
    listener: builder.listener as unknown as LoadOptions['listener'],
  };

  let documents: unknown[];
  try {
    documents = loadAll(text, null, options);
  } catch (error) {
    if (error instanceof LimitExceeded) {
      return failure(error.kind, error.message, positionAt(error.offset));
    }
    return syntaxFailure(error, bounds.maxDepth);
  }

  if (documents.length > 1) {
    const second = builder.roots[1];
    const offset = second ? documentSeparatorBefore(text, second.start, builder.roots[0]?.end ?? 0) : 0;
    return failure('documents', 'the file holds more than one YAML document (a second "---"); put each scenario in its own file', positionAt(offset));
  }

  const root: YamlNode | null = builder.roots[0] ?? null;
  const yaml: ParsedYaml = { value: documents[0], text, root, positionAt };

  try {
    inspectStructure(yaml.value, bounds);
  } catch (error) {
    if (!(error instanceof WalkFailure)) throw error;
    const located = locatePath(yaml, error.path);
    return failure(error.kind, error.message, located, error.path);
  }
  return { ok: true, yaml };
}

function failure(kind: YamlErrorKind, message: string, at?: TextPosition, path: FieldPath = []): SafeYamlResult {
  return { ok: false, error: { kind, message, line: at?.line ?? 0, column: at?.column ?? 0, path: formatPath(path) } };
}

function syntaxFailure(error: unknown, maxDepth: number): SafeYamlResult {
  const mark = (error as { mark?: { line?: number; column?: number } }).mark;
  const reason = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
  const at = mark && typeof mark.line === 'number' && typeof mark.column === 'number'
    ? { line: mark.line + 1, column: mark.column + 1 }
    : { line: 1, column: 1 };
  if (/maxDepth/.test(reason)) {
    return failure('depth', `values are nested deeper than ${maxDepth} levels`, at);
  }
  return failure('syntax', `YAML syntax error: ${reason}`, at);
}

/**
 * Offset of the `---` line that introduces the document starting at `offset` (searched
 * back to `floor`, the end of the previous document), or `offset` when there is none.
 */
function documentSeparatorBefore(text: string, offset: number, floor: number): number {
  let end = offset;
  while (end > floor) {
    let start = end;
    while (start > floor && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
    if (/^---(?:[ \t\r\n]|$)/.test(text.slice(start, start + 4))) return start;
    end = start - 1;
  }
  return offset;
}

interface Measure {
  count: number;
  height: number;
}

const inProgress: Measure = { count: -1, height: -1 };
const leaf: Measure = { count: 1, height: 0 };

function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Walks the loaded value once per distinct object (aliases share objects), computing how
 * many values it expands to and how deep it nests, and rejects `__proto__` keys and
 * recursive aliases. Throws WalkFailure with the path of the offending value.
 */
function inspectStructure(value: unknown, bounds: YamlLimits): void {
  const memo = new Map<object, Measure>();
  const path: PropertyKey[] = [];

  const visit = (node: unknown, depth: number): Measure => {
    const isList = Array.isArray(node);
    if (!isList && !isMapping(node)) return leaf;
    const object = node as object;
    const known = memo.get(object);
    if (known === inProgress) {
      throw new WalkFailure('recursive', 'an alias refers to a value that contains it (a recursive structure)', [...path]);
    }
    if (known) {
      if (depth - 1 + known.height > bounds.maxDepth) {
        throw new WalkFailure('depth', `values are nested deeper than ${bounds.maxDepth} levels (through aliases)`, [...path]);
      }
      return known;
    }
    if (depth > bounds.maxDepth) {
      throw new WalkFailure('depth', `values are nested deeper than ${bounds.maxDepth} levels`, [...path]);
    }
    memo.set(object, inProgress);
    let count = 1;
    let height = 1;
    const visitChild = (key: PropertyKey, child: unknown) => {
      path.push(key);
      const measure = visit(child, depth + 1);
      path.pop();
      count += measure.count;
      if (measure.height + 1 > height) height = measure.height + 1;
      if (count > bounds.maxExpandedNodes) {
        throw new WalkFailure(
          'expansion',
          `this value holds more than ${bounds.maxExpandedNodes.toLocaleString('en-US')} values once aliases are expanded (an "alias bomb")`,
          [...path],
        );
      }
    };
    if (isList) {
      const list = node as unknown[];
      for (let i = 0; i < list.length; i++) visitChild(i, list[i]);
    } else {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (key === '__proto__') {
          throw new WalkFailure('proto', 'the key "__proto__" is not allowed', [...path, key]);
        }
        visitChild(key, record[key]);
      }
    }
    const measure = { count, height };
    memo.set(object, measure);
    return measure;
  };

  visit(value, 1);
}
