import { skipSpaceAndComments } from './text-position';

/**
 * One node as js-yaml composed it, recorded through its `listener` option. `start` is
 * where js-yaml opened the node (possibly before leading white space), `end` where it
 * closed it. Mappings have their children as key, value, key, value…; sequences have
 * their items.
 */
export interface YamlNode {
  start: number;
  end: number;
  kind: 'mapping' | 'sequence' | 'scalar' | null;
  result: unknown;
  children: YamlNode[];
}

export interface MappingPair {
  key: YamlNode;
  value: YamlNode | null;
}

/** The parts of js-yaml's loader state the listener reads (its typings omit `depth`). */
export interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
  input: string;
}

/**
 * Builds the node tree from listener events. `onClose` lets the caller inspect each node
 * as it completes (and abort parsing by throwing).
 */
export class YamlTreeBuilder {
  readonly roots: YamlNode[] = [];
  private readonly stack: YamlNode[] = [];

  constructor(private readonly onClose?: (node: YamlNode, state: ListenerState) => void) {}

  readonly listener = (event: 'open' | 'close', state: ListenerState): void => {
    if (event === 'open') {
      const node: YamlNode = { start: state.position, end: state.position, kind: null, result: null, children: [] };
      const siblings = this.stack.length > 0 ? this.stack[this.stack.length - 1]!.children : this.roots;
      // js-yaml sometimes rewinds and re-reads (e.g. a tag or anchor before a block mapping);
      // nodes from the abandoned attempt start at or after the re-read and are dropped.
      while (siblings.length > 0 && siblings[siblings.length - 1]!.start >= node.start && this.stack.length > 0) {
        siblings.pop();
      }
      siblings.push(node);
      this.stack.push(node);
      return;
    }
    const node = this.stack.pop();
    if (!node) return;
    node.end = state.position;
    const kind = state.kind;
    node.kind = kind === 'mapping' || kind === 'sequence' || kind === 'scalar' ? kind : null;
    node.result = state.result;
    this.onClose?.(node, state);
  };
}

/**
 * js-yaml composes some values inside a wrapper node (a block sequence item tries to read
 * a mapping and keeps the inner node's result when it finds none). Returns the node that
 * really holds the children.
 */
export function unwrap(node: YamlNode): YamlNode {
  let current = node;
  for (let guard = 0; guard < 8; guard++) {
    const only = current.children.length === 1 ? current.children[0] : undefined;
    if (!only || only.kind !== current.kind || !Object.is(only.result, current.result)) break;
    current = only;
  }
  return current;
}

/**
 * Key/value pairs of a mapping node. A child is the value of the key before it when the
 * text between them is a `:` (a key without a value, as in `{ a, b: 1 }`, has none).
 */
export function mappingPairs(node: YamlNode, text: string): MappingPair[] {
  const children = unwrap(node).children;
  const pairs: MappingPair[] = [];
  for (let i = 0; i < children.length; i++) {
    const key = children[i]!;
    const next = children[i + 1];
    if (next && text.charCodeAt(skipSpaceAndComments(text, key.end)) === 0x3a /* : */) {
      pairs.push({ key, value: next });
      i++;
    } else {
      pairs.push({ key, value: null });
    }
  }
  return pairs;
}

/** The node of the mapping entry whose key is `key`, if there is one. */
export function findMappingEntry(node: YamlNode, text: string, key: string): MappingPair | undefined {
  for (const pair of mappingPairs(node, text)) {
    const result = unwrap(pair.key).result;
    if (result !== null && result !== undefined && String(result) === key) return pair;
  }
  return undefined;
}

/**
 * The node for item `index` of a sequence node. An empty block item (`-` alone on its
 * line) has no node, so items are matched to nodes by their values, in order.
 */
export function findSequenceItem(node: YamlNode, index: number): YamlNode | undefined {
  const inner = unwrap(node);
  const items = Array.isArray(inner.result) ? (inner.result as unknown[]) : null;
  const children = inner.children;
  if (!items || items.length === children.length) return children[index];
  let child = 0;
  for (let i = 0; i < items.length && child < children.length; i++) {
    const matches = Object.is(unwrap(children[child]!).result, items[i]);
    if (i === index) return matches ? children[child] : undefined;
    if (matches) child++;
  }
  return undefined;
}

/** Offset of the first character of the node's content (after white space and comments). */
export function contentStart(node: YamlNode, text: string): number {
  return skipSpaceAndComments(text, node.start);
}
