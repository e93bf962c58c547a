/**
 * Every failure that crosses a boundary (IPC, CLI, HTTP) carries a stable code for code
 * and a sentence for people. Handlers throw AppError; the IPC wrapper turns it into
 * `{ ok: false, error: { code, message } }`.
 */
export const errorCodes = [
  'BAD_INPUT',
  'UNKNOWN_CHANNEL',
  'UNTRUSTED_SENDER',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  'DATABASE_TOO_NEW',
  'DATABASE_CORRUPT',
  'DATABASE_LOCKED',
  'DISK_FULL',
  'SCENARIO_INVALID',
  'FILE_TOO_LARGE',
  'IO_ERROR',
  'SESSION_STATE',
  'LLM_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }

  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message };
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppErrorShape).code === 'string' &&
    typeof (value as AppErrorShape).message === 'string'
  );
}
