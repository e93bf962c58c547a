import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** One readable complaint about one field, before it is located in the file. */
export interface FieldComplaint {
  path: PropertyKey[];
  /** Sentence without the path, e.g. `expected a number, got "abc"`. */
  text: string;
}

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  date: 'a date',
  null: 'nothing',
};

/** Describes a YAML value the way an author would recognise it: `"abc"`, `12`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function plural(count: number | bigint, word: string): string {
  return `${count} ${word}${Number(count) === 1 ? '' : 's'}`;
}

/**
 * Turns zod's terse issues into sentences for content authors. `input` is the raw value
 * that was validated, used to show what was actually written.
 */
export function describeIssues(issues: readonly Issue[], input: unknown): FieldComplaint[] {
  const out: FieldComplaint[] = [];
  for (const issue of issues) {
    const path = [...issue.path];
    const got = valueAt(input, path);
    switch (issue.code) {
      case 'invalid_type': {
        const expected = typeNames[issue.expected] ?? issue.expected;
        if (got === undefined) {
          const field = path.at(-1);
          out.push({ path, text: field === undefined ? `expected ${expected}` : 'required field is missing' });
        } else {
          out.push({ path, text: `expected ${expected}, got ${describeValue(got)}` });
        }
        break;
      }
      case 'too_small':
      case 'too_big': {
        out.push({ path, text: sizeText(issue, got) });
        break;
      }
      case 'invalid_format': {
        const custom = issue.message && !issue.message.startsWith('Invalid') ? issue.message : `has the wrong format`;
        out.push({ path, text: `${custom}, got ${describeValue(got)}` });
        break;
      }
      case 'invalid_value': {
        const options = issue.values.map((value) => JSON.stringify(value)).join(', ');
        out.push({ path, text: `expected one of ${options}, got ${describeValue(got)}` });
        break;
      }
      case 'unrecognized_keys': {
        const missing = missingSiblings(issues, path);
        for (const key of issue.keys) {
          const guess = missing.find((name) => editDistance(name, key) <= 2);
          out.push({ path: [...path, key], text: `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}` });
        }
        break;
      }
      case 'invalid_key': {
        const inner = issue.issues[0];
        const reason = inner && (inner.code === 'too_small' || inner.code === 'too_big') ? sizeText(inner, path.at(-1)) : 'is not allowed';
        out.push({ path, text: `the key ${JSON.stringify(String(path.at(-1) ?? ''))} ${reason}` });
        break;
      }
      case 'invalid_element': {
        out.push({ path, text: `has an invalid entry` });
        break;
      }
      case 'not_multiple_of': {
        out.push({ path, text: `must be a multiple of ${String(issue.divisor)}, got ${describeValue(got)}` });
        break;
      }
      default: {
        out.push({ path, text: issue.message });
      }
    }
  }
  return out;
}

function sizeText(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, got: unknown): string {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (small && Number(limit) <= 1) return 'must not be empty';
      return small
        ? `must be at least ${plural(limit, 'character')} long`
        : `is too long (${typeof got === 'string' ? got.length : '?'} characters; at most ${limit})`;
    case 'array':
    case 'set':
      if (small && Number(limit) <= 1) return 'needs at least one entry';
      return small ? `needs at least ${limit} entries` : `has too many entries (at most ${limit})`;
    default: {
      const bound = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
      return `must be ${bound} ${String(limit)}, got ${describeValue(got)}`;
    }
  }
}

/** Names of required fields reported missing directly under `path`. */
function missingSiblings(issues: readonly Issue[], path: readonly PropertyKey[]): string[] {
  return issues
    .filter((issue) => issue.code === 'invalid_type' && issue.path.length === path.length + 1 && path.every((segment, i) => issue.path[i] === segment))
    .map((issue) => String(issue.path[path.length]));
}

/** Levenshtein distance, for "did you mean" suggestions on short field names. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
