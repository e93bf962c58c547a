/** A place in a text file; both numbers are 1-based. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Maps character offsets to 1-based line/column, counting line breaks the way js-yaml
 * does (`\n`, `\r\n` and a lone `\r`), so positions agree with js-yaml's own error marks.
 */
export function createLineIndex(text: string): (offset: number) => TextPosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a) starts.push(i + 1);
    else if (ch === 0x0d && text.charCodeAt(i + 1) !== 0x0a) starts.push(i + 1);
  }
  return (offset: number) => {
    const at = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - (starts[low] ?? 0) + 1 };
  };
}

/**
 * The offset of the first character at or after `offset` that is not white space, a line
 * break or a `#` comment. Node positions from the js-yaml listener point just after the
 * `:` or `- ` that introduced them; this finds where the value itself begins.
 */
export function skipSpaceAndComments(text: string, offset: number): number {
  let i = Math.max(0, offset);
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d || ch === 0xfeff) {
      i++;
    } else if (ch === 0x23 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else {
      break;
    }
  }
  return i;
}

function isSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}
