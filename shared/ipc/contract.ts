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
import type { ResumableSession, SessionView } from '../training/types';
import { providerConfigSchema, type ProviderConfig, type ProviderPreset } from '../llm/provider-config';
import { peopleChannels } from '../people/ipc';
import { dashboardChannels } from '../dashboard/ipc';
import { workshopChannels } from '../workshop/ipc';
import { dataCareChannels } from '../data-care/ipc';
import { goalsChannels } from '../goals/ipc';
import { output } from './output';
import type { FileDelivery } from '../files/types';

export interface AppInfo {
  name: string;
  version: string;
  /** `desktop` inside Electron, `web` in browser mode, `cli` on the command line. */
  mode: 'desktop' | 'web' | 'cli';
  dataDir: string;
  databasePath: string;
  platform: string;
}

/** Longest answer a trainee can send in one turn (characters). */
export const MAX_ANSWER_LENGTH = 20_000;

const sessionId = z.uuid();
/** A report handed to the user (saved where they chose, or downloaded in browser mode). */
export type ReportExportResult = FileDelivery;

/** What the renderer may know about the LLM provider: never the key, only whether one is set. */
export interface LlmStatus {
  config: ProviderConfig | null;
  enabled: boolean;
  keySet: boolean;
  keyStorage: { kind: 'os-keychain' | 'file-fallback'; description: string };
  presets: readonly ProviderPreset[];
}

export type LlmConnectionTest =
  | { ok: true; model: string; latencyMs: number }
  | { ok: false; error: { kind: string; message: string; status?: number } };

const apiKeyInput = z.string().trim().min(1, 'paste the API key').max(16_384);

/**
 * The one IPC contract: every channel the renderer may call, with the schema its input
 * must pass (checked in main, whatever the renderer claims) and the type it returns.
 * Feature areas keep their channels beside their types (`shared/<area>/ipc.ts`).
 */
export const ipcContract = {
  ...peopleChannels,
  ...dashboardChannels,
  ...workshopChannels,
  ...dataCareChannels,
  ...goalsChannels,
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
    // With a sessionId the view is logged as `document_viewed` for that session.
    input: z.strictObject({ id: z.number().int().positive(), sessionId: sessionId.optional() }),
    output: output<DocumentContent>(),
  },
  'settings.get': { input: z.undefined(), output: output<Settings>() },
  'settings.set': { input: settingsPatchSchema, output: output<Settings>() },

  'sessions.create': { input: z.strictObject({ scenarioId: z.string().min(1).max(128) }), output: output<SessionView>() },
  'sessions.start': { input: z.strictObject({ sessionId }), output: output<SessionView>() },
  'sessions.get': { input: z.strictObject({ sessionId }), output: output<SessionView>() },
  'sessions.answer': {
    input: z.strictObject({ sessionId, text: z.string().trim().min(1, 'write an answer first').max(MAX_ANSWER_LENGTH) }),
    output: output<SessionView>(),
  },
  'sessions.end': { input: z.strictObject({ sessionId }), output: output<SessionView>() },
  'sessions.abandon': { input: z.strictObject({ sessionId }), output: output<SessionView>() },
  'sessions.resumable': { input: z.undefined(), output: output<ResumableSession[]>() },
  'sessions.reflect': {
    input: z.strictObject({
      sessionId,
      takeaways: z.string().trim().min(1).max(10_000),
      revisedGoal: z.string().trim().max(2_000).nullable(),
    }),
    output: output<SessionView>(),
  },
  'sessions.stop': { input: z.strictObject({ sessionId }), output: output<SessionView>() },
  'sessions.retry': { input: z.strictObject({ sessionId }), output: output<SessionView>() },

  'llm.status': { input: z.undefined(), output: output<LlmStatus>() },
  'llm.configure': { input: z.strictObject({ config: providerConfigSchema, enabled: z.boolean() }), output: output<LlmStatus>() },
  /** Switches the AI persona on or off without touching (or re-validating) the saved provider. */
  'llm.setEnabled': { input: z.strictObject({ enabled: z.boolean() }), output: output<LlmStatus>() },
  'llm.setApiKey': { input: z.strictObject({ apiKey: apiKeyInput }), output: output<LlmStatus>() },
  'llm.clearApiKey': { input: z.undefined(), output: output<LlmStatus>() },
  'llm.testConnection': {
    input: z.strictObject({ config: providerConfigSchema.optional(), apiKey: apiKeyInput.optional() }),
    output: output<LlmConnectionTest>(),
  },

  'reports.export': {
    input: z.strictObject({ sessionId, format: z.enum(['pdf', 'html', 'md', 'json']) }),
    output: output<ReportExportResult>(),
  },
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
  /** A piece of a persona reply being streamed by the LLM. */
  'session.token': { sessionId: string; messageId: string; delta: string };
  /** A session changed outside a request (stream finished, stopped or failed; LLM summary ready): re-read it. */
  'session.updated': { sessionId: string };
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
