import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '../../../shared/scenario/types';

export interface SnippetPart {
  text: string;
  marked: boolean;
}

/**
 * Splits a search snippet into plain and highlighted runs at the control-character marks
 * main puts around matched terms. The text is only ever rendered as text, never as HTML.
 * Unbalanced marks are tolerated: a stray end mark is dropped, an unclosed start mark
 * highlights to the end.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let marked = false;
  let current = '';
  const flush = () => {
    if (current !== '') {
      const last = parts[parts.length - 1];
      if (last && last.marked === marked) last.text += current;
      else parts.push({ text: current, marked });
    }
    current = '';
  };
  for (const char of snippet) {
    if (char === SNIPPET_MARK_START) {
      flush();
      marked = true;
    } else if (char === SNIPPET_MARK_END) {
      flush();
      marked = false;
    } else {
      current += char;
    }
  }
  flush();
  return parts;
}

/**
 * Snippets are cut from the Markdown source; drop the emphasis and code markers that would
 * otherwise show as stray `**` and backticks. Text only; nothing is interpreted.
 */
export function tidySnippetText(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/^#{1,6}\s+/gm, '');
}
