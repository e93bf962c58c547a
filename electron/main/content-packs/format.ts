import path from 'node:path';
import type { PackProblem, PackSourceKind } from './types';

/**
 * `file:line:column: message`, like the validate command prints. For a folder source the
 * file is made absolute (the problem's path starts with the folder's name), so editors
 * and terminals can open it; inside a zip it stays `pack.zip/folder/scenario.yaml`.
 */
export function formatPackProblem(problem: PackProblem, source?: { kind: PackSourceKind; path: string }): string {
  const file = source?.kind === 'folder' ? path.join(path.dirname(path.resolve(source.path)), ...problem.file.split('/')) : problem.file;
  return `${file}:${Math.max(1, problem.line)}:${Math.max(1, problem.column)}: ${problem.message}`;
}
