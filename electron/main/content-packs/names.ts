/**
 * Checks on the names of files inside a pack (zip entries or files of a folder), so that
 * nothing can be written outside the pack's folder or clash on a case-insensitive disk.
 */

/** A pack id is also its folder name, so it never starts with a dot (hidden) and never traverses. */
export const packIdPattern = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Files and folders left out of a pack: hidden ones (`.git`, `.DS_Store`) and OS litter. */
export function isIgnoredName(segment: string): boolean {
  return segment.startsWith('.') || segment === '__MACOSX' || segment.toLowerCase() === 'thumbs.db' || segment.toLowerCase() === 'desktop.ini';
}

const windowsReserved = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

export type EntryNameCheck =
  | { ok: true; segments: string[]; isDirectory: boolean }
  | { ok: false; reason: string };

/**
 * Validates one entry name as written in a zip (always `/`-separated). Refused: empty
 * names, NUL and control characters, backslashes (a Windows path that some tools would
 * split), absolute paths and drive letters, `..` segments anywhere (even ones that would
 * stay inside), empty segments, `:` (drive letters, NTFS streams), names Windows cannot
 * hold (trailing dot or space, CON, NUL…), and over-long or over-deep paths. `.` segments
 * are dropped.
 */
export function checkEntryName(name: string, limits: { maxPathLength: number; maxDepth: number }): EntryNameCheck {
  if (name.length === 0) return { ok: false, reason: 'an entry has an empty name' };
  if (name.length > limits.maxPathLength) return { ok: false, reason: `the path is longer than ${limits.maxPathLength} characters` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, reason: 'the name contains control characters' };
  if (name.includes('\\')) return { ok: false, reason: 'the name contains a backslash (\\); zip entries must use "/" between folders' };
  if (name.startsWith('/')) return { ok: false, reason: 'the name is an absolute path; entries must be relative to the pack' };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, reason: 'the name starts with a drive letter; entries must be relative to the pack' };
  const isDirectory = name.endsWith('/');
  const raw = (isDirectory ? name.slice(0, -1) : name).split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    if (segment === '..') return { ok: false, reason: 'the name contains a ".." segment, which could lead outside the pack folder' };
    if (segment === '.') continue;
    if (segment === '') return { ok: false, reason: 'the name contains an empty folder name ("//")' };
    if (segment.includes(':')) return { ok: false, reason: `"${segment}" contains ":", which is not allowed in file names` };
    if (/[<>"|?*]/.test(segment)) return { ok: false, reason: `"${segment}" contains a character that is not allowed in file names on Windows` };
    if (/[. ]$/.test(segment)) return { ok: false, reason: `"${segment}" ends with a dot or a space, which Windows cannot store` };
    if (windowsReserved.test(segment)) return { ok: false, reason: `"${segment}" is a reserved device name on Windows` };
    if (Buffer.byteLength(segment, 'utf8') > 255) return { ok: false, reason: 'a file or folder name is longer than 255 bytes' };
    segments.push(segment);
  }
  if (segments.length === 0) return isDirectory ? { ok: true, segments, isDirectory } : { ok: false, reason: 'an entry has an empty name' };
  if (segments.length > limits.maxDepth) return { ok: false, reason: `the path is nested deeper than ${limits.maxDepth} folders` };
  return { ok: true, segments, isDirectory };
}

/** The key two names collide on, on a case-insensitive, normalising file system (macOS, Windows). */
export function collisionKey(segments: readonly string[]): string {
  return segments.map((segment) => segment.normalize('NFC').toLowerCase()).join('/');
}

/** A pack id made from a file or folder name: `Claims Pack (2).zip` → `claims-pack-2`. */
export function packIdFromName(name: string): string {
  const base = name.replace(/\.zip$/i, '');
  const slug = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '')
    .slice(0, 128);
  return packIdPattern.test(slug) ? slug : 'pack';
}
