/**
 * Removes secrets from text before it is logged or shown: every occurrence of each given
 * secret (also in its URL-encoded form), plus anything that looks like a bearer token or an
 * OpenAI-style key, becomes `[redacted]`. Secrets shorter than 4 characters are ignored
 * (they would redact ordinary words).
 */
export const REDACTED = '[redacted]';

export function redactSecrets(text: string, secrets: ReadonlyArray<string | null | undefined>): string {
  let result = text;
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    variants.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) variants.add(encoded);
  }
  // Longest first, so a secret that contains another is removed whole.
  for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
    result = result.split(variant).join(REDACTED);
  }
  return result
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`)
    .replace(/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED)
    .replace(/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`);
}
