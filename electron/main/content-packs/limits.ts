import { contentLimits } from '../content/limits';

/**
 * Bounds applied to a pack before anything of it is written: a zip is judged by its
 * central directory (and every entry is then inflated with a hard cap, so a header that
 * lies about sizes gains nothing), a folder by a walk that stops at the first bound.
 */
export const packLimits = {
  /** Total size of all files once extracted. */
  maxTotalBytes: 50 * 1024 * 1024,
  /** Largest .zip file accepted, in bytes (read into memory to be checked). */
  maxArchiveBytes: 50 * 1024 * 1024,
  /** Most entries (files and folders). */
  maxEntries: 5000,
  /** Largest single file (a document; the loader's own limit). */
  maxFileBytes: contentLimits.maxDocumentBytes,
  /** Largest .yaml / .yml file (the loader's limit for scenario files). */
  maxYamlBytes: contentLimits.maxYamlBytes,
  /** Longest entry path, in characters. */
  maxPathLength: 400,
  /** Deepest folder nesting. */
  maxDepth: 16,
};

export type PackLimits = typeof packLimits;

/** The per-file limit for a file of this name. */
export function fileLimitFor(name: string, limits: PackLimits): number {
  return /\.ya?ml$/i.test(name) ? Math.min(limits.maxYamlBytes, limits.maxFileBytes) : limits.maxFileBytes;
}
