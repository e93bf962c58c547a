/** A piece of a document small enough to show as a search hit or hand to a model. */
export interface DocumentChunk {
  /** Heading path, e.g. `Claim Handling Guide > Required details`; empty before any heading. */
  heading: string;
  content: string;
}

export interface ChunkSize {
  /**
   * No chunk is longer than this. Paragraphs are packed until the next one would not fit,
   * so with ordinary paragraphs chunks land between two thirds of it and all of it.
   */
  max: number;
}

export const defaultChunkSize: ChunkSize = { max: 1200 };

const atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const fenceOpen = /^ {0,3}(`{3,}|~{3,})/;
const setextUnderline = /^ {0,3}(=+|-+)[ \t]*$/;

/**
 * Splits Markdown into chunks by headings (each chunk keeps the path of headings above
 * it) and splits long sections at paragraph boundaries. Lines inside fenced code blocks
 * are never taken for headings.
 */
export function chunkMarkdown(text: string, size: ChunkSize = defaultChunkSize): DocumentChunk[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const stack: { level: number; title: string }[] = [];
  const chunks: DocumentChunk[] = [];
  let body: string[] = [];
  let fence: string | null = null;

  const flush = () => {
    const heading = stack.map((entry) => entry.title).join(' > ');
    for (const content of splitText(body.join('\n'), size)) chunks.push({ heading, content });
    body = [];
  };
  const openSection = (level: number, title: string) => {
    flush();
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, title: cleanHeading(title) });
  };

  for (const line of lines) {
    if (fence) {
      body.push(line);
      const trimmed = line.trim();
      if (trimmed.startsWith(fence) && trimmed.replace(/[`~]/g, '') === '' && trimmed.length >= fence.length) fence = null;
      continue;
    }
    const opening = fenceOpen.exec(line);
    if (opening) {
      fence = opening[1]!;
      body.push(line);
      continue;
    }
    const atx = atxHeading.exec(line);
    if (atx) {
      openSection(atx[1]!.length, atx[2] ?? '');
      continue;
    }
    const underline = setextUnderline.exec(line);
    const previous = body[body.length - 1];
    if (underline && previous !== undefined && previous.trim() !== '' && isParagraphLine(previous)) {
      body.pop();
      openSection(underline[1]!.startsWith('=') ? 1 : 2, previous.trim());
      continue;
    }
    body.push(line);
  }
  flush();
  return chunks;
}

/** Splits plain text into chunks at paragraph boundaries; chunks have no heading. */
export function chunkPlainText(text: string, size: ChunkSize = defaultChunkSize): DocumentChunk[] {
  return splitText(text.replace(/\r\n?/g, '\n'), size).map((content) => ({ heading: '', content }));
}

function cleanHeading(title: string): string {
  return title.replace(/[*_`]+/g, '').replace(/\s+/g, ' ').trim();
}

function isParagraphLine(line: string): boolean {
  // A line of a list, quote, table or code cannot be a setext heading's text.
  return !/^\s*([-*+>|]|\d+[.)])\s/.test(line) && !/^ {4}/.test(line);
}

/**
 * Packs paragraphs (separated by blank lines) into pieces of at most `size.max`
 * characters, closing a piece when the next paragraph would not fit. A paragraph longer
 * than `size.max` is split at sentence ends, then at spaces.
 */
export function splitText(text: string, size: ChunkSize = defaultChunkSize): string[] {
  const paragraphs = text
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.replace(/^\n+|\s+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '');
  const pieces: string[] = [];
  let current = '';
  const push = (part: string) => {
    if (current && current.length + 2 + part.length > size.max) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${part}` : part;
  };
  for (const paragraph of paragraphs) {
    if (paragraph.length <= size.max) push(paragraph);
    else for (const part of splitLong(paragraph, size.max)) push(part);
  }
  if (current) pieces.push(current);
  return pieces;
}

function splitLong(paragraph: string, max: number): string[] {
  const sentences = paragraph.split(/(?<=[.!?。！？])\s+/);
  const out: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    for (const piece of hardSplit(sentence, max)) {
      if (current && current.length + 1 + piece.length > max) {
        out.push(current);
        current = '';
      }
      current = current ? `${current} ${piece}` : piece;
    }
  }
  if (current) out.push(current);
  return out;
}

function hardSplit(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    // Never cut a surrogate pair in half.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}
