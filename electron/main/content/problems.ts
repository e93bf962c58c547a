import type { ScenarioProblem } from '../../../shared/scenario/types';
import { formatPath, type FieldPath } from './locate';
import type { TextPosition } from './text-position';

/** Builds a problem; the message is prefixed with the field path when there is one. */
export function problem(file: string, at: TextPosition | null, path: FieldPath | string, text: string): ScenarioProblem {
  const shown = typeof path === 'string' ? path : formatPath(path);
  return {
    file,
    line: at?.line ?? 0,
    column: at?.column ?? 0,
    path: shown,
    message: shown ? `${shown}: ${text}` : text,
  };
}

export function byPosition(a: ScenarioProblem, b: ScenarioProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** `file:line:column: message`, the form editors and terminals recognise. */
export function formatProblem(p: ScenarioProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}` : `${p.file}: ${p.message}`;
}
