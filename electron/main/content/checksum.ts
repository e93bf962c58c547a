import { createHash } from 'node:crypto';

/**
 * Bumped whenever the loader stores content differently (chunking, normalisation), so
 * that caches written by an older version are re-parsed instead of trusted.
 */
export const CONTENT_FORMAT = 'chattrain-content/1';

/**
 * sha256 over the scenario file's bytes and each referenced document's path and bytes,
 * length-prefixed so that no two different inputs hash alike.
 */
export function contentChecksum(scenarioBytes: Uint8Array, documents: readonly { path: string; bytes: Uint8Array }[]): string {
  const hash = createHash('sha256');
  hash.update(`${CONTENT_FORMAT}\0scenario.yaml\0${scenarioBytes.byteLength}\0`);
  hash.update(scenarioBytes);
  for (const document of documents) {
    hash.update(`\0document\0${document.path}\0${document.bytes.byteLength}\0`);
    hash.update(document.bytes);
  }
  return hash.digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
