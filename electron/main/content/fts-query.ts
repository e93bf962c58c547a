/**
 * Turns whatever a person typed into FTS5 query syntax that cannot fail to parse: word
 * tokens are pulled out with a Unicode-aware pattern and each is written as a quoted
 * string literal, so operators (AND, OR, NOT, NEAR), column filters (`content:`),
 * quotes, `*`, `^`, `-` and brackets in the input are plain text, never syntax.
 */

/** A letter or digit followed by letters, digits and combining marks. */
const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** At most this much input is looked at; search boxes are short. */
const maxInputChars = 4000;

export function extractTokens(input: unknown, maxTokens: number): string[] {
  if (typeof input !== 'string') return [];
  const tokens: string[] = [];
  const seen = new Set<string>();
  for (const match of input.slice(0, maxInputChars).matchAll(wordPattern)) {
    const token = match[0].slice(0, 100);
    const key = token.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tokens.push(token);
    if (tokens.length >= maxTokens) break;
  }
  return tokens;
}

function literal(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * Every word must match; the last one also as a prefix, so results appear while typing.
 * Null when the input holds no words (nothing to search for).
 */
export function searchMatchExpression(input: unknown, maxTokens = 16): string | null {
  const tokens = extractTokens(input, maxTokens);
  if (tokens.length === 0) return null;
  return tokens.map((token, index) => (index === tokens.length - 1 ? `${literal(token)}*` : literal(token))).join(' AND ');
}

/** Any word may match (ranked by bm25), for retrieving passages related to a longer text. */
export function retrievalMatchExpression(input: unknown, maxTokens = 64): string | null {
  const tokens = extractTokens(input, maxTokens);
  if (tokens.length === 0) return null;
  return tokens.map(literal).join(' OR ');
}
