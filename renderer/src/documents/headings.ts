/**
 * Matching a search hit's heading to a heading element in the rendered document. Main's
 * heading may be plain text of the Markdown heading, possibly as a path ("Guide > 5. …"),
 * so compare normalised text, last path segment first.
 */
export function normaliseHeading(text: string): string {
  return text
    .toLocaleLowerCase()
    .replace(/[*_`#]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function findHeadingElement(container: HTMLElement, heading: string): HTMLElement | null {
  const headings = Array.from(container.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6'));
  const segments = heading.split(/\s+(?:>|›|»|\/)\s+/).map(normaliseHeading).filter(Boolean);
  const wanted = [normaliseHeading(heading), ...segments.reverse()];
  for (const target of wanted) {
    const exact = headings.find((element) => normaliseHeading(element.textContent ?? '') === target);
    if (exact) return exact;
  }
  for (const target of wanted) {
    if (target.length < 3) continue;
    const partial = headings.find((element) => {
      const text = normaliseHeading(element.textContent ?? '');
      return text.includes(target) || (text.length >= 3 && target.includes(text));
    });
    if (partial) return partial;
  }
  return null;
}
