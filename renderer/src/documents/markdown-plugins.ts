import type { AlignType, ListItem, Nodes, Paragraph, PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';

/**
 * Two small pieces of GitHub-flavoured Markdown that scenario documents use, for
 * react-markdown (which parses plain CommonMark): pipe tables and task-list items.
 * They work on the parsed tree only; no HTML is ever produced from text.
 */

type Parent = Extract<Nodes, { children: unknown[] }>;

function walk(node: Nodes, visit: (node: Nodes, parent: Parent | null, index: number) => void, parent: Parent | null = null, index = 0) {
  visit(node, parent, index);
  if ('children' in node) {
    // Copy: a visitor may replace a child in place.
    const children = [...(node.children as Nodes[])];
    children.forEach((child, childIndex) => walk(child, visit, node as Parent, childIndex));
  }
}

// ------------------------------------------------------------------ tables

type CellContent = PhrasingContent[];

function trimCell(cell: CellContent): CellContent {
  const out = [...cell];
  const first = out[0];
  if (first?.type === 'text') {
    const value = first.value.replace(/^\s+/, '');
    if (value === '') out.shift();
    else out[0] = { type: 'text', value };
  }
  const last = out[out.length - 1];
  if (last?.type === 'text') {
    const value = last.value.replace(/\s+$/, '');
    if (value === '') out.pop();
    else out[out.length - 1] = { type: 'text', value };
  }
  return out;
}

const cellText = (cell: CellContent) => cell.map((node) => (node.type === 'text' ? node.value : '\u0000')).join('');
const isBlank = (cell: CellContent | undefined) => cell !== undefined && cellText(cell).trim() === '';
const delimiterCell = /^\s*:?-+:?\s*$/;

function alignment(cell: CellContent): AlignType {
  const text = cellText(cell).trim();
  const left = text.startsWith(':');
  const right = text.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
}

/** A paragraph whose lines are all `| a | b |` rows, the second a `|---|---|` row. */
export function paragraphToTable(paragraph: Paragraph): Table | null {
  const rows: CellContent[][] = [[[]]];
  const currentRow = () => rows[rows.length - 1]!;
  const currentCell = () => currentRow()[currentRow().length - 1]!;

  for (const child of paragraph.children) {
    if (child.type === 'text') {
      child.value.split('\n').forEach((line, lineIndex) => {
        if (lineIndex > 0) rows.push([[]]);
        line.split('|').forEach((part, partIndex) => {
          if (partIndex > 0) currentRow().push([]);
          if (part !== '') currentCell().push({ type: 'text', value: part });
        });
      });
    } else if (child.type === 'break') {
      rows.push([[]]);
    } else {
      currentCell().push(child);
    }
  }

  // Every row must start and end with a pipe: blank text before the first and after the last.
  const cellsPerRow: CellContent[][] = [];
  for (const row of rows) {
    if (row.length < 3 || !isBlank(row[0]) || !isBlank(row[row.length - 1])) return null;
    cellsPerRow.push(row.slice(1, -1));
  }
  const [header, delimiter, ...body] = cellsPerRow;
  if (!header || !delimiter || delimiter.length !== header.length) return null;
  if (!delimiter.every((cell) => delimiterCell.test(cellText(cell)))) return null;

  const columns = header.length;
  const toRow = (cells: CellContent[]): TableRow => ({
    type: 'tableRow',
    children: Array.from({ length: columns }, (_, index): TableCell => ({
      type: 'tableCell',
      children: trimCell(cells[index] ?? []),
    })),
  });
  return {
    type: 'table',
    align: delimiter.map(alignment),
    children: [toRow(header), ...body.map(toRow)],
  };
}

export function remarkPipeTables() {
  return (tree: Root) => {
    walk(tree, (node, parent, index) => {
      if (node.type !== 'paragraph' || !parent) return;
      const table = paragraphToTable(node);
      if (table) (parent.children as Nodes[])[index] = table;
    });
  };
}

// ------------------------------------------------------------------ task lists

const taskMarker = /^\[([ xX])\][ \t]+/;

export function remarkTaskLists() {
  return (tree: Root) => {
    walk(tree, (node) => {
      if (node.type !== 'listItem') return;
      const item = node as ListItem;
      const paragraph = item.children[0];
      if (paragraph?.type !== 'paragraph') return;
      const first = paragraph.children[0];
      if (first?.type !== 'text') return;
      const match = taskMarker.exec(first.value);
      if (!match) return;
      item.checked = match[1] !== ' ';
      first.value = first.value.slice(match[0].length);
    });
  };
}

export const documentRemarkPlugins = [remarkPipeTables, remarkTaskLists];
