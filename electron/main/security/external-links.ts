/**
 * The only places the app will open in the user's browser (help and project pages).
 * Everything else a page tries to open is dropped.
 */
const allowedHosts = new Set(['github.com', 'www.electronjs.org', 'adlnet.gov']);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && allowedHosts.has(parsed.hostname) && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
