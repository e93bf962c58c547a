import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { bundleTableNames as bundleTables, type BundleTableName as BundleTable } from '../../../shared/workshop/types';

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/**
 * Workshop bundle file format (SPEC 6), version 1.
 *
 * One file, two parts:
 *
 *   <manifest: one line of UTF-8 JSON>\n<payload: gzip-compressed UTF-8 JSON>
 *
 * The manifest can be read without decompressing anything (a preview before importing):
 *
 *   {
 *     "format": "chattrain-workshop-bundle",
 *     "formatVersion": 1,
 *     "appVersion": "0.1.0",                  // ChatTrain version that wrote it
 *     "createdAt": "2026-03-02T17:00:00.000Z",
 *     "counts": { "users": 3, "scenarioVersions": 2, "sessions": 12, "messages": 480, … },
 *     "payload": { "encoding": "gzip", "mediaType": "application/json",
 *                  "bytes": 48213, "uncompressedBytes": 391022, "sha256": "<hex of the payload bytes>" }
 *   }
 *
 * The payload is `{ users, scenarioVersions, sessions, messages, stepProgress, feedback,
 * riskDetections, sessionSummaries, reflections }`, each a table in column form
 * `{ "columns": ["id", "session_id", …], "rows": [["…", "…", …], …] }` with the
 * database's column names (users without their PIN hash; see bundle-tables.ts). Column
 * form keeps the file and the parse time about half of one-object-per-row; a reader
 * matches columns by name and ignores ones it does not know. On reading, the payload length
 * (truncation), its SHA-256 (tampering) and the counts (manifest edits) are verified
 * before anything is decompressed into the database; a newer `formatVersion` is refused.
 */

export const BUNDLE_FORMAT = 'chattrain-workshop-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
/** Largest bundle file accepted (and the most a payload may decompress to). */
export const MAX_BUNDLE_BYTES = 1024 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 64 * 1024;

// The table list is shared with the renderer (it labels the import summary's counts).
export { bundleTables, type BundleTable };

export type BundleCounts = Record<BundleTable, number>;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  counts: BundleCounts;
  payload: { encoding: 'gzip'; mediaType: 'application/json'; bytes: number; uncompressedBytes: number; sha256: string };
}

export type BundleValue = string | number | null;
/** One row as an object (convenient for code and tests; the file stores rows as arrays). */
export type BundleRow = Record<string, BundleValue>;
/** One table in column form, as stored in the payload. */
export interface BundleTableData {
  columns: string[];
  rows: BundleValue[][];
}
export type BundlePayload = Record<BundleTable, BundleTableData>;

/** The rows of a table as objects keyed by column name. */
export function tableRows(data: BundleTableData): BundleRow[] {
  return data.rows.map((row) => Object.fromEntries(data.columns.map((column, i) => [column, row[i] ?? null])));
}

/** Column form from row objects (columns in the given order; missing keys become null). */
export function tableFromRows(columns: readonly string[], rows: readonly BundleRow[]): BundleTableData {
  return { columns: [...columns], rows: rows.map((row) => columns.map((column) => row[column] ?? null)) };
}

/** Why a bundle was refused; `code` is the AppError code, `reason` the precise cause for the UI/tests. */
export type BundleProblem = 'not_a_bundle' | 'truncated' | 'tampered' | 'too_new' | 'invalid' | 'too_large';

export class BundleError extends AppError {
  readonly reason: BundleProblem;
  constructor(reason: BundleProblem, message: string, options?: { cause?: unknown; code?: ErrorCode }) {
    super(options?.code ?? (reason === 'too_large' ? 'FILE_TOO_LARGE' : 'BAD_INPUT'), message, options);
    this.name = 'BundleError';
    this.reason = reason;
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Encodes a payload into the bundle file bytes. */
export async function encodeBundle(payload: BundlePayload, meta: { appVersion: string; createdAt: string }): Promise<{ bytes: Buffer; manifest: BundleManifest }> {
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  const compressed = await gzip(json, { level: 6 });
  const counts = Object.fromEntries(bundleTables.map((table) => [table, payload[table].rows.length])) as BundleCounts;
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    appVersion: meta.appVersion,
    createdAt: meta.createdAt,
    counts,
    payload: { encoding: 'gzip', mediaType: 'application/json', bytes: compressed.length, uncompressedBytes: json.length, sha256: sha256(compressed) },
  };
  const head = Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8');
  return { bytes: Buffer.concat([head, compressed]), manifest };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads and checks the manifest line; returns it and where the payload starts. */
export function readManifest(bytes: Buffer): { manifest: BundleManifest; payloadOffset: number } {
  const newline = bytes.indexOf(0x0a);
  const looksLikeBundle = bytes.subarray(0, 64).toString('utf8').includes(`"format":"${BUNDLE_FORMAT}"`);
  if (newline < 0 || newline > MAX_MANIFEST_BYTES) {
    if (looksLikeBundle && newline < 0) throw new BundleError('truncated', 'This workshop bundle is incomplete (it ends inside its header). Copy it again from the original laptop.');
    throw new BundleError('not_a_bundle', 'This file is not a ChatTrain workshop bundle.');
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(bytes.subarray(0, newline).toString('utf8'));
  } catch {
    throw new BundleError(looksLikeBundle ? 'tampered' : 'not_a_bundle', looksLikeBundle ? 'The header of this workshop bundle is damaged or was modified; nothing was imported.' : 'This file is not a ChatTrain workshop bundle.');
  }
  if (!isObject(manifest) || manifest.format !== BUNDLE_FORMAT) throw new BundleError('not_a_bundle', 'This file is not a ChatTrain workshop bundle.');
  const version = manifest.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BundleError('tampered', 'The header of this workshop bundle is damaged or was modified (bad format version); nothing was imported.');
  }
  if (version > BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      'too_new',
      `This workshop bundle was written by a newer version of ChatTrain${typeof manifest.appVersion === 'string' ? ` (${manifest.appVersion})` : ''} in bundle format ${version}; ` +
        `this version reads format ${BUNDLE_FORMAT_VERSION}. Update ChatTrain to import it; nothing was imported.`,
    );
  }
  const payload = manifest.payload;
  const counts = manifest.counts;
  const valid =
    isObject(payload) &&
    payload.encoding === 'gzip' &&
    typeof payload.bytes === 'number' &&
    Number.isInteger(payload.bytes) &&
    payload.bytes >= 0 &&
    typeof payload.uncompressedBytes === 'number' &&
    typeof payload.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(payload.sha256) &&
    isObject(counts) &&
    bundleTables.every((table) => typeof counts[table] === 'number' && Number.isInteger(counts[table]) && (counts[table] as number) >= 0) &&
    typeof manifest.createdAt === 'string' &&
    typeof manifest.appVersion === 'string';
  if (!valid) throw new BundleError('tampered', 'The header of this workshop bundle is damaged or was modified; nothing was imported.');
  return { manifest: manifest as unknown as BundleManifest, payloadOffset: newline + 1 };
}

/**
 * Verifies a whole bundle (length, checksum, counts, row shapes) and returns its manifest
 * and payload. Throws a BundleError; never partially succeeds.
 */
export async function decodeBundle(bytes: Buffer): Promise<{ manifest: BundleManifest; payload: BundlePayload }> {
  const { manifest, payloadOffset } = readManifest(bytes);
  const compressed = bytes.subarray(payloadOffset);
  if (compressed.length < manifest.payload.bytes) {
    throw new BundleError('truncated', `This workshop bundle is incomplete (${compressed.length} of ${manifest.payload.bytes} payload bytes). Copy it again from the original laptop; nothing was imported.`);
  }
  if (compressed.length > manifest.payload.bytes || sha256(compressed) !== manifest.payload.sha256) {
    throw new BundleError('tampered', 'This workshop bundle was modified or damaged after it was written (checksum mismatch); nothing was imported.');
  }
  let json: Buffer;
  try {
    json = await gunzip(compressed, { maxOutputLength: Math.min(MAX_BUNDLE_BYTES, Math.max(1, manifest.payload.uncompressedBytes)) });
  } catch (error) {
    throw new BundleError('tampered', 'The data inside this workshop bundle cannot be unpacked; nothing was imported.', { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw new BundleError('invalid', 'The data inside this workshop bundle is not valid JSON; nothing was imported.', { cause: error });
  }
  if (!isObject(parsed)) throw new BundleError('invalid', 'The data inside this workshop bundle has the wrong shape; nothing was imported.');
  for (const table of bundleTables) {
    const data = parsed[table];
    if (!isObject(data) || !Array.isArray(data.columns) || !Array.isArray(data.rows) || !data.columns.every((column) => typeof column === 'string')) {
      throw new BundleError('invalid', `The workshop bundle has no valid "${table}" table; nothing was imported.`);
    }
    const rows = data.rows as unknown[];
    if (rows.length !== manifest.counts[table]) {
      throw new BundleError('tampered', `The workshop bundle's header says ${manifest.counts[table]} ${table} but it holds ${rows.length}; it was modified. Nothing was imported.`);
    }
    const width = data.columns.length;
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== width) throw new BundleError('invalid', `A ${table} entry in the workshop bundle has the wrong shape; nothing was imported.`);
    }
  }
  return { manifest, payload: parsed as unknown as BundlePayload };
}
