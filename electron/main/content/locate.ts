import type { TextPosition } from './text-position';
import { contentStart, findMappingEntry, findSequenceItem, unwrap, type YamlNode } from './yaml-tree';

export type FieldPath = readonly PropertyKey[];

/** What the locator needs from a parsed YAML file. */
export interface LocatableYaml {
  /** The text js-yaml parsed (BOM removed). */
  text: string;
  root: YamlNode | null;
  positionAt(offset: number): TextPosition;
}

export interface LocatedPath extends TextPosition {
  /** True when the whole path was found; false when this is the nearest existing ancestor. */
  exact: boolean;
}

/**
 * `['steps', 2, 'pass_score']` → `steps[2].pass_score`. Keys that are not plain words are
 * quoted: `synonyms["sorry to hear"]`.
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/**
 * Finds where a field path is written. For a field that exists this is its key (or, for a
 * sequence item, the item's first character); for a missing field it is the nearest
 * existing ancestor (a missing `title` points at the top-level mapping, a missing field of
 * a step at that step's first line). Never throws: anything unexpected falls back to the
 * nearest located ancestor, or 1:1.
 */
export function locatePath(yaml: LocatableYaml, path: FieldPath): LocatedPath {
  try {
    return walk(yaml, path);
  } catch {
    return { line: 1, column: 1, exact: false };
  }
}

function walk(yaml: LocatableYaml, path: FieldPath): LocatedPath {
  const { text, root } = yaml;
  if (!root || (root.kind === null && (root.result === null || root.result === undefined))) {
    return { line: 1, column: 1, exact: path.length === 0 };
  }
  let node: YamlNode | null = root;
  let offset = contentStart(root, text);
  let matched = 0;
  for (const segment of path) {
    if (!node) break;
    const inner = unwrap(node);
    if (inner.kind === 'mapping' && typeof segment !== 'symbol') {
      const entry = findMappingEntry(inner, text, String(segment));
      if (!entry) break;
      offset = contentStart(entry.key, text);
      node = entry.value;
    } else if (inner.kind === 'sequence' && typeof segment === 'number') {
      const item = findSequenceItem(inner, segment);
      if (!item) break;
      offset = contentStart(item, text);
      node = item;
    } else {
      break;
    }
    matched++;
  }
  return { ...yaml.positionAt(offset), exact: matched === path.length };
}
