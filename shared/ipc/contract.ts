import { z } from 'zod';
import type { AppErrorShape } from '../errors';
import type {
  ContentReloadResult,
  DocumentContent,
  DocumentSearchHit,
  ScenarioDetail,
  ScenarioSummary,
} from '../scenario/types';
import { settingsPatchSchema, type Settings } from '../settings/schema';

/** Marks a channel's output type; the value is never read at run time. */
const output = <T>() => undefined as unknown as T;

export interface AppInfo {
  name: string;
  version: string;
  /** `desktop` inside Electron, `web` in browser mode. */
  mode: 'desktop' | 'web';
  dataDir: string;
  databasePath: string;
  platform: string;
}

/**
 * The one IPC contract: every channel the renderer may call, with the schema its input
 * must pass (checked in main, whatever the renderer claims) and the type it returns.
 */
export const ipcContract = {
  'app.info': { input: z.undefined(), output: output<AppInfo>() },
  'scenarios.list': { input: z.undefined(), output: output<ScenarioSummary[]>() },
  'scenarios.get': {
    input: z.strictObject({ id: z.string().min(1).max(128) }),
    output: output<ScenarioDetail>(),
  },
  'scenarios.reload': { input: z.undefined(), output: output<ContentReloadResult>() },
  'documents.search': {
    input: z.strictObject({
      query: z.string().max(1000),
      scenarioId: z.string().min(1).max(128).optional(),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    output: output<DocumentSearchHit[]>(),
  },
  'documents.get': {
    input: z.strictObject({ id: z.number().int().positive() }),
    output: output<DocumentContent>(),
  },
  'settings.get': { input: z.undefined(), output: output<Settings>() },
  'settings.set': { input: settingsPatchSchema, output: output<Settings>() },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];

/** What the caller passes (before defaults). */
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
/** What the handler receives (validated, defaults applied). */
export type IpcParsedInput<C extends IpcChannel> = z.output<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = IpcContract[C]['output'];

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Events main pushes to the renderer, keyed by name. */
export interface IpcEvents {
  'scenarios.changed': ContentReloadResult;
}
export type IpcEventName = keyof IpcEvents;

/**
 * The object the preload (desktop) or the web bridge (browser mode) puts on
 * `window.chattrain`. Small on purpose: one call for requests, one for events.
 */
export interface ChatTrainBridge {
  invoke<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcResult<IpcOutput<C>>>;
  subscribe<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
}
