import { z } from 'zod';
import { AppError, type AppErrorShape } from '../../../shared/errors';
import {
  ipcContract,
  type IpcChannel,
  type IpcOutput,
  type IpcParsedInput,
  type IpcResult,
} from '../../../shared/ipc/contract';

/** Who sent a request, as far as the transport can tell. */
export interface IpcSender {
  /** Origin of the frame (Electron) or page (browser mode) that sent the request. */
  origin: string;
  /** False for requests from iframes or other sub-frames. */
  isMainFrame: boolean;
}

export type IpcHandlers = {
  [C in IpcChannel]: (input: IpcParsedInput<C>) => Promise<IpcOutput<C>> | IpcOutput<C>;
};

/** The handlers of one feature area's channel map (`shared/<area>/ipc.ts`). */
export type HandlersFor<Channels> = Pick<IpcHandlers, Extract<keyof Channels, IpcChannel>>;

export interface IpcRouter {
  /**
   * The one entry point every transport (Electron ipcMain, browser-mode HTTP) goes
   * through: checks the sender, the channel and the input, runs the handler, and turns
   * any failure into `{ ok: false, error: { code, message } }`. It never throws.
   */
  dispatch(channel: unknown, input: unknown, sender: IpcSender): Promise<IpcResult<unknown>>;
}

export interface IpcRouterOptions {
  handlers: IpcHandlers;
  /** Origins allowed to call (e.g. `file://` for the packaged app, the dev server's origin). */
  trustedOrigins: readonly string[];
  /** Called for unexpected (non-AppError) failures; never given user input verbatim. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

function failure(code: AppErrorShape['code'], message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * `scheme://host[:port]` of a URL. Unlike `URL.origin` this also works for custom schemes
 * such as the desktop app's `chattrain://app`, whose standard origin would be "null".
 */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'null';
  }
}

export function isTrustedSender(sender: IpcSender, trustedOrigins: readonly string[]): boolean {
  return sender.isMainFrame && trustedOrigins.includes(sender.origin);
}

export function createIpcRouter(options: IpcRouterOptions): IpcRouter {
  const { handlers, trustedOrigins, onUnexpectedError } = options;
  return {
    async dispatch(channel, input, sender) {
      if (!isTrustedSender(sender, trustedOrigins)) {
        return failure('UNTRUSTED_SENDER', 'This request did not come from the ChatTrain window and was refused.');
      }
      if (typeof channel !== 'string' || !Object.hasOwn(ipcContract, channel)) {
        return failure('UNKNOWN_CHANNEL', `There is no IPC channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`);
      }
      const name = channel as IpcChannel;
      const parsed = ipcContract[name].input.safeParse(input);
      if (!parsed.success) {
        return failure('BAD_INPUT', `Invalid input for ${name}: ${describeIssues(parsed.error)}`);
      }
      try {
        const handler = handlers[name] as (value: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value };
      } catch (error) {
        if (error instanceof AppError) return failure(error.code, error.message);
        onUnexpectedError?.(name, error);
        return failure('INTERNAL', `Something went wrong while handling ${name}. Details were written to the log.`);
      }
    },
  };
}
