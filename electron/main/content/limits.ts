/** Bounds applied to content files. Each one keeps a hostile or broken file from costing more than a moment. */
export const contentLimits = {
  /** Largest scenario.yaml accepted, in bytes (checked before reading it). */
  maxYamlBytes: 1024 * 1024,
  /** Most alias uses (`*name`) in one YAML file. */
  maxAliases: 100,
  /** Deepest nesting of mappings/sequences (the top-level mapping is level 1). */
  maxDepth: 64,
  /** Most values a YAML file may expand to once aliases are followed. */
  maxExpandedNodes: 200_000,
  /** Largest document accepted, in bytes. */
  maxDocumentBytes: 5 * 1024 * 1024,
} as const;

export type ContentLimits = typeof contentLimits;

/** Human-readable size, e.g. `1 MiB`, `1.3 MiB`, `900 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trimNumber(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${trimNumber(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function trimNumber(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}
