import { IpcError } from '../ipc/client';

/**
 * Turns anything thrown by an IPC call into a sentence for people. IpcError messages are
 * written by main for users already; anything else is an unexpected failure in the page.
 */
export function describeError(error: unknown): string {
  if (error instanceof IpcError) return error.message;
  if (error instanceof Error && error.message) return `Something went wrong in the app: ${error.message}`;
  return 'Something went wrong in the app.';
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof IpcError ? error.code : undefined;
}
