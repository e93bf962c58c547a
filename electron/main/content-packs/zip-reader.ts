import { crc32, inflateRawSync } from 'node:zlib';
import { formatBytes } from '../content/limits';
import { fileLimitFor, type PackLimits } from './limits';
import { checkEntryName, collisionKey, isIgnoredName } from './names';

/**
 * A zip reader for untrusted archives. Everything is decided from the central directory
 * before a single byte is inflated: names (no escaping the folder), types (no symbolic
 * links or devices), counts and declared sizes. Each entry is then inflated with a hard
 * output cap equal to its declared size, so an archive whose headers lie (a zip bomb)
 * fails instead of filling the disk or the memory. ZIP64, encryption, multi-disk archives
 * and compression methods other than stored/deflate are refused: a content pack needs none.
 */

export interface ZipEntry {
  /** The name as written in the archive. */
  name: string;
  /** Checked path segments ('.' removed). */
  segments: string[];
  isDirectory: boolean;
  method: 0 | 8;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

export interface ZipProblem {
  /** The entry name concerned, or null for the archive as a whole. */
  entry: string | null;
  message: string;
}

export type ZipDirectory = { ok: true; entries: ZipEntry[]; totalBytes: number } | { ok: false; problems: ZipProblem[] };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_REPORTED = 25;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeName(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Old tools write names in a DOS code page without saying so; latin1 keeps them readable.
    return latin1.decode(bytes);
  }
}

function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  // A trailing comment length that does not match the file end: accept the last signature found.
  for (let at = last; at >= first; at--) if (view.getUint32(at, true) === EOCD) return at;
  return -1;
}

/** Reads and checks the central directory; nothing is inflated. */
export function readZipDirectory(bytes: Uint8Array, limits: PackLimits): ZipDirectory {
  const fail = (message: string, entry: string | null = null): ZipDirectory => ({ ok: false, problems: [{ entry, message }] });
  if (bytes.byteLength < 22) return fail('the file is not a zip archive (it is too short)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return fail('the file is not a zip archive (no central directory found)');

  const disk = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  const onDisk = view.getUint16(eocd + 8, true);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    return fail('ZIP64 archives are not supported; a content pack is small enough for a plain zip');
  }
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) return fail('split (multi-part) zip archives are not supported');
  if (count > limits.maxEntries) return fail(`the archive holds ${count} entries; the limit is ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) return fail('the archive is damaged (its central directory lies outside the file)');

  const problems: ZipProblem[] = [];
  const report = (entry: string | null, message: string) => {
    if (problems.length < MAX_REPORTED) problems.push({ entry, message });
  };
  const entries: ZipEntry[] = [];
  const kinds = new Map<string, { directory: boolean; name: string }>();
  let totalBytes = 0;
  let at = cdOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > cdOffset + cdSize || view.getUint32(at, true) !== CENTRAL) {
      return { ok: false, problems: [...problems, { entry: null, message: 'the archive is damaged (its central directory is cut short)' }] };
    }
    const madeBy = view.getUint16(at + 4, true);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const external = view.getUint32(at + 38, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) {
      return { ok: false, problems: [...problems, { entry: null, message: 'the archive is damaged (an entry runs past its central directory)' }] };
    }
    const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength));
    at = next;

    const checked = checkEntryName(name, limits);
    if (!checked.ok) {
      report(name, `refused: ${checked.reason}`);
      continue;
    }
    if (checked.segments.some(isIgnoredName)) continue;

    const unixMode = madeBy >> 8 === 3 ? external >>> 16 : 0;
    const unixType = unixMode & 0o170000;
    if (unixType === 0o120000 || (external & 0x400) !== 0) {
      report(name, 'refused: the entry is a symbolic link; a pack may only hold plain files and folders');
      continue;
    }
    const isDirectory = checked.isDirectory || unixType === 0o040000 || (madeBy >> 8 !== 3 && (external & 0x10) !== 0);
    if (unixType !== 0 && unixType !== 0o100000 && unixType !== 0o040000) {
      report(name, 'refused: the entry is a special file (device, pipe or socket)');
      continue;
    }
    if (flags & 0x1) {
      report(name, 'refused: the entry is encrypted; packs must not be password-protected');
      continue;
    }
    if (!isDirectory && method !== 0 && method !== 8) {
      report(name, `refused: the entry uses compression method ${method}; only "stored" and "deflate" are supported`);
      continue;
    }
    if (compressedSize === 0xffffffff || size === 0xffffffff || localHeaderOffset === 0xffffffff) {
      report(name, 'refused: the entry needs ZIP64, which is not supported');
      continue;
    }
    if (checked.segments.length === 0) continue; // "./" alone

    const key = collisionKey(checked.segments);
    const clash = kinds.get(key);
    if (clash) {
      if (!(clash.directory && isDirectory)) report(name, `refused: the archive holds "${clash.name}" twice (names differing only in case count as the same)`);
      continue;
    }
    kinds.set(key, { directory: isDirectory, name });
    if (isDirectory) continue;

    const limit = fileLimitFor(name, limits);
    if (size > limit) {
      report(name, `refused: the file is ${formatBytes(size)} once extracted; the limit is ${formatBytes(limit)}`);
      continue;
    }
    if (method === 0 && compressedSize !== size) {
      report(name, 'refused: the entry is stored uncompressed but its two sizes differ (a damaged or crafted archive)');
      continue;
    }
    totalBytes += size;
    entries.push({ name, segments: checked.segments, isDirectory: false, method: method as 0 | 8, compressedSize, size, crc, localHeaderOffset });
  }
  // A file may not also be used as a folder by another entry ("a" and "a/b").
  const folders = new Set<string>();
  for (const key of kinds.keys()) {
    for (let cut = key.indexOf('/'); cut >= 0; cut = key.indexOf('/', cut + 1)) folders.add(key.slice(0, cut));
  }
  for (const [key, kind] of kinds) {
    if (!kind.directory && folders.has(key)) report(kind.name, `refused: "${kind.name}" is a file, so it cannot also be a folder`);
  }
  if (totalBytes > limits.maxTotalBytes) {
    report(null, `the archive would extract to ${formatBytes(totalBytes)}; the limit is ${formatBytes(limits.maxTotalBytes)}`);
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };

  // Entry data must lie before the central directory and never overlap another entry's
  // (overlapping entries are how the densest zip bombs are built).
  const spans: { start: number; end: number; name: string }[] = [];
  for (const entry of entries) {
    const local = localData(view, entry);
    if (typeof local === 'string') return fail(`refused: ${local}`, entry.name);
    if (local.end > cdOffset) return fail('refused: the entry data runs into the central directory (a damaged or crafted archive)', entry.name);
    const localName = bytes.subarray(entry.localHeaderOffset + 30, entry.localHeaderOffset + 30 + local.nameLength);
    if (decodeName(localName) !== entry.name) {
      return fail('refused: the entry has a different name in its local header than in the central directory (a crafted archive)', entry.name);
    }
    spans.push({ start: entry.localHeaderOffset, end: local.end, name: entry.name });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end) return fail(`refused: its data overlaps the entry "${spans[i - 1]!.name}" (a zip bomb technique)`, spans[i]!.name);
  }
  return { ok: true, entries, totalBytes };
}

function dedupe(problems: ZipProblem[]): ZipProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.entry}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function localData(view: DataView, entry: ZipEntry): { start: number; end: number; nameLength: number } | string {
  const at = entry.localHeaderOffset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL) return 'the entry has no valid local header (a damaged archive)';
  const nameLength = view.getUint16(at + 26, true);
  const extraLength = view.getUint16(at + 28, true);
  const start = at + 30 + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > view.byteLength) return 'the entry data runs past the end of the file (a damaged archive)';
  return { start, end, nameLength };
}

/**
 * Inflates one entry checked by readZipDirectory. The output can never exceed the size the
 * central directory declared (checked against the limits); a mismatch in size or CRC-32
 * is an error.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): { ok: true; data: Uint8Array } | { ok: false; message: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = localData(view, entry);
  if (typeof local === 'string') return { ok: false, message: local };
  const raw = bytes.subarray(local.start, local.end);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = raw;
  } else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size + 1) });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        return { ok: false, message: `the entry inflates to more than the ${formatBytes(entry.size)} its header declares (a zip bomb); nothing was installed` };
      }
      return { ok: false, message: `the entry cannot be decompressed (${(error as Error).message}); the archive is damaged` };
    }
  }
  if (data.byteLength !== entry.size) {
    return { ok: false, message: `the entry holds ${formatBytes(data.byteLength)} but its header declares ${formatBytes(entry.size)}; the archive is damaged or crafted` };
  }
  if ((crc32(data) >>> 0) !== entry.crc >>> 0) return { ok: false, message: 'the entry fails its CRC-32 check; the archive is damaged' };
  return { ok: true, data };
}
