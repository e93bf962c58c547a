/**
 * 1-based line and column of the first occurrence of `needle` in `text` (plus `shift`
 * characters), computed independently of the code under test to state expectations.
 */
export function positionOf(text: string, needle: string, shift = 0): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`test setup: ${JSON.stringify(needle)} not found`);
  const before = text.slice(0, index + shift);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
