import type { ScenarioProblem } from '../../../shared/scenario/types';
import { formatPath, type FieldPath } from './locate';
import type { TextPosition } from './text-position';

/** Builds a problem; the message is prefixed with the field path when there is one. */
export function problem(file: string, at: TextPosition | null, path: FieldPath | string, text: string): ScenarioProblem {
  const shown = typeof path === 'string' ? path : formatPath(path);
  return {
    file,
    // A problem with the file as a whole (too large, unreadable) points at its start.
    line: at?.line ?? 1,
    column: at?.column ?? 1,
    path: shown,
    message: shown ? `${shown}: ${text}` : text,
  };
}

export function byPosition(a: ScenarioProblem, b: ScenarioProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** `file:line:column: message`, the form editors and terminals recognise. */
export function formatProblem(p: ScenarioProblem): string {
  return `${p.file}:${Math.max(1, p.line)}:${Math.max(1, p.column)}: ${p.message}`;
}
