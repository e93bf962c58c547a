import type { Stats } from 'node:fs';
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { readFileBounded, readFileBoundedSync, type BoundedRead } from './bounded-read';
import { contentLimits } from './limits';

export type DocumentFormat = 'md' | 'txt';

/** A document reference checked and read from disk. */
export interface DocumentFile {
  /** Normalised path relative to the scenario folder, with `/` separators. */
  path: string;
  /** The path as written, joined to the scenario folder (before following symbolic links). */
  lexicalPath: string;
  /** Where the file really is (symbolic links followed). */
  absolutePath: string;
  stats: Stats;
  format: DocumentFormat;
  bytes: Buffer;
  /** The text, UTF-8 decoded, BOM removed, line breaks normalised to `\n`. */
  text: string;
}

export type DocumentRead = { ok: true; document: DocumentFile } | { ok: false; reason: string };

const formats: Record<string, DocumentFormat> = { '.md': 'md', '.markdown': 'md', '.txt': 'txt', '.text': 'txt' };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a document path written in a scenario file without touching the disk: it must be
 * relative, stay inside the scenario folder, and name a supported format.
 * Returns the normalised relative path or the reason it is refused.
 */
export function checkDocumentPath(file: string): { ok: true; path: string; format: DocumentFormat } | { ok: false; reason: string } {
  const written = file.replace(/\\/g, '/');
  if (written.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  if (path.posix.isAbsolute(written) || path.win32.isAbsolute(file) || /^[A-Za-z]:/.test(written)) {
    return { ok: false, reason: `"${file}" is an absolute path; use a path relative to the scenario folder, such as docs/guide.md` };
  }
  const normalised = path.posix.normalize(written);
  if (normalised === '..' || normalised.startsWith('../')) {
    return { ok: false, reason: `"${file}" points outside the scenario folder; documents must be inside it` };
  }
  if (normalised === '.' || normalised.endsWith('/')) {
    return { ok: false, reason: `"${file}" is a folder, not a document file` };
  }
  const extension = path.posix.extname(normalised).toLowerCase();
  if (extension === '.pdf') return { ok: false, reason: 'PDF documents are not supported yet; convert it to .md or .txt' };
  const format = formats[extension];
  if (!format) {
    return { ok: false, reason: `"${file}" has an unsupported format${extension ? ` (${extension})` : ''}; use .md or .txt` };
  }
  return { ok: true, path: normalised, format };
}

/**
 * Resolves and reads one document of a scenario. `scenarioDirReal` is the realpath of the
 * scenario folder: a document whose realpath (following symbolic links) is not inside it
 * is refused.
 */
export async function readDocument(scenarioDir: string, scenarioDirReal: string, file: string): Promise<DocumentRead> {
  const checked = checkDocumentPath(file);
  if (!checked.ok) return checked;
  const lexical = path.join(scenarioDir, ...checked.path.split('/'));
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    return notFound(file, lexical, error);
  }
  if (!isInside(scenarioDirReal, real)) return escapes(file);
  return finishRead(file, checked, lexical, real, await readFileBounded(real, contentLimits.maxDocumentBytes, `"${file}"`));
}

/** The synchronous twin of readDocument, used when only a checksum is needed. */
export function readDocumentSync(scenarioDir: string, scenarioDirReal: string, file: string): DocumentRead {
  const checked = checkDocumentPath(file);
  if (!checked.ok) return checked;
  const lexical = path.join(scenarioDir, ...checked.path.split('/'));
  let real: string;
  try {
    real = realpathSync.native(lexical);
  } catch (error) {
    return notFound(file, lexical, error);
  }
  if (!isInside(scenarioDirReal, real)) return escapes(file);
  return finishRead(file, checked, lexical, real, readFileBoundedSync(real, contentLimits.maxDocumentBytes, `"${file}"`));
}

function notFound(file: string, lexical: string, error: unknown): DocumentRead {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: `"${file}" was not found (looked for ${lexical})` };
  return { ok: false, reason: `"${file}" cannot be opened (${code ?? String(error)})` };
}

function escapes(file: string): DocumentRead {
  return { ok: false, reason: `"${file}" leads outside the scenario folder through a symbolic link; documents must be inside it` };
}

function finishRead(file: string, checked: { path: string; format: DocumentFormat }, lexical: string, real: string, read: BoundedRead): DocumentRead {
  if (!read.ok) return read;
  let text: string;
  try {
    text = utf8.decode(read.bytes);
  } catch {
    return { ok: false, reason: `"${file}" is not valid UTF-8 text; save it as UTF-8` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  return { ok: true, document: { path: checked.path, lexicalPath: lexical, absolutePath: real, stats: read.stats, format: checked.format, bytes: read.bytes, text } };
}

/** True when `child` is `parent` itself or somewhere below it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  if (relative === '') return true;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
