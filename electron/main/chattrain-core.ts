import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { RecoveryProblem } from '../../shared/data-care/types';
import { ipcChannels, type AppInfo, type IpcChannel } from '../../shared/ipc/contract';
import type { ContentReloadResult } from '../../shared/scenario/types';
import { syncContent, type ContentRoot } from './content/library';
import { openDatabase, type AppDatabase } from './db/open-database';
import { CoreEvents } from './core-events';
import { CallGate } from './data-care/call-gate';
import { resolveDataDir } from './data-care/data-location';
import { recoveryHandlers } from './data-care/recovery-handlers';
import { applyRetentionFromSettings } from './data-care/retention';
import { checkDatabaseAtStartup } from './data-care/startup-check';
import { createIpcHandlers } from './ipc/handlers';
import type { IpcHandlers } from './ipc/router';
import { DATABASE_FILE } from './paths';
import { contentRootsFor } from './content-packs/store';
import { assertScenarioUnlocked } from './content-packs/tracks';
import { log } from './logging';
import { ActiveProfile } from './people/active-profile';
import type { Viewer } from './people/visibility';
import { readSettings } from './settings/settings-store';
import { TrainingService } from './training/training-service';
import { ProviderService } from './llm/provider-service';
import { FileSecretStore, type SecretStore } from './secrets/secret-store';

import type { ChooseSavePath } from './files/deliver-file';
import type { ChooseOpenPath } from './files/receive-file';
import { UploadStore } from './files/uploads';

export type { ChooseSavePath } from './files/deliver-file';
export type { ChooseOpenPath } from './files/receive-file';

export interface CoreOptions {
  /**
   * The data folder. If its data was moved elsewhere (data care), the folder keeps a note
   * (data-location.json) and the core follows it: `core.options.dataDir` is where the data is.
   */
  dataDir: string;
  bundledContentDir: string;
  mode: AppInfo['mode'];
  appVersion: string;
  /** Desktop only (a native save dialog). Without it, exports are handed back for download. */
  chooseSavePath?: ChooseSavePath;
  /** Desktop only (a native open dialog). Without it, files to import are uploaded by the page. */
  chooseOpenPath?: ChooseOpenPath;
  /** The clock sessions run on; tests pass a controllable one to reach time limits. */
  now?: () => Date;
  /** Where the LLM key is kept: the OS keychain in the desktop app; a labelled file otherwise. */
  secrets?: SecretStore;
}

/**
 * Everything ChatTrain does, without Electron: the database, content, and the IPC handler
 * map. The desktop app, the browser-mode server and the CLI each create one of these.
 */
export interface CoreServices {
  readonly database: AppDatabase;
  readonly events: CoreEvents;
  readonly training: TrainingService;
  readonly provider: ProviderService;
  /** Who is using the app now; handlers ask it, never the renderer. */
  readonly people: ActiveProfile;
  readonly options: CoreOptions;
  /** Files the page uploaded in browser mode, waiting for the IPC call that imports them. */
  readonly uploads: UploadStore;
  /** Replacing or moving the data under the running core (data care only). */
  readonly data: DataControl;
  contentRoots(): ContentRoot[];
}

/**
 * The running core's data, for data care: a restore or a move closes the database, changes
 * the files and opens them again while every other call waits.
 */
export interface DataControl {
  /** The folder the core was started with; it keeps the note of where the data moved to. */
  readonly homeDir: string;
  /** Where the data is now. */
  readonly dataDir: string;
  /** Why the database was not opened (start-up check failed): only `app.info` and `recovery.*` answer. Null when open. */
  readonly recovery: RecoveryProblem | null;
  /**
   * Runs `work` alone: new calls wait, calls already running finish first. If `work` closes
   * the database and does not open data again (or that fails), the data it had is opened again.
   */
  exclusive<T>(work: (data: DataAccess) => Promise<T>): Promise<T>;
}

export interface DataAccess {
  readonly dataDir: string;
  /** The open database; null in recovery or once closed. */
  readonly database: AppDatabase | null;
  close(): Promise<void>;
  /**
   * Opens the data in `dataDir` as at start-up (integrity check first: a damaged database
   * puts the core in recovery). The person using the app stays active if their profile is
   * in the opened data with the same role. Throws when the database cannot be opened.
   */
  open(dataDir: string): Promise<'open' | 'recovery'>;
}

export interface ChatTrainCore extends CoreServices {
  readonly handlers: IpcHandlers;
  close(): Promise<void>;
}

interface OpenData {
  services: CoreServices;
  handlers: IpcHandlers;
  contentSync: ContentReloadResult;
  close(): Promise<void>;
}

interface Shared {
  events: CoreEvents;
  uploads: UploadStore;
  secrets: SecretStore;
  data: DataControl;
}

/** Opens the database in `options.dataDir` and builds the services and handlers on it. */
async function openData(options: CoreOptions, shared: Shared, atStartup: boolean): Promise<OpenData> {
  const database = await openDatabase(join(options.dataDir, DATABASE_FILE));
  try {
    // The bundled folder, then every imported pack (each a folder of scenario folders).
    const contentRoots = (): ContentRoot[] => contentRootsFor(options.bundledContentDir, options.dataDir);

    const contentSync = await syncContent(database.db, contentRoots());
    if (contentSync.problems.length > 0) {
      log.info('content loaded with problems', { problems: contentSync.problems.length });
    }
    if (atStartup) await pruneAtStartup(database, options.now);

    const provider = new ProviderService(database.db, shared.secrets);
    const people = new ActiveProfile(database.db, { now: options.now });
    const training = new TrainingService(database.db, options.now, { provider, events: shared.events }, {
      people,
      unlockCheck: (userId, scenarioId) =>
        assertScenarioUnlocked(database.db, { dataDir: options.dataDir, bundledContentDir: options.bundledContentDir }, userId, scenarioId),
    });
    const services: CoreServices = { ...shared, database, training, provider, people, options, contentRoots };
    return {
      services,
      handlers: createIpcHandlers(services),
      contentSync,
      close: async () => {
        await training.persona?.stopAll();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Retention (SPEC 7) at start-up, when the facilitator turned it on; never stops the app from starting. */
async function pruneAtStartup(database: AppDatabase, now: (() => Date) | undefined): Promise<void> {
  try {
    if (!(await readSettings(database.db)).retentionPruneAtStartup) return;
    const pruned = await applyRetentionFromSettings(database.db, now?.() ?? new Date());
    log.info('retention applied at start-up', { abandonedSessions: pruned.abandonedSessions, activityRows: pruned.activityRows });
  } catch (error) {
    log.error('retention at start-up failed', error);
  }
}

/**
 * Starts the core. The database gets the quick integrity check first; if it fails, the
 * core starts in *recovery*: no database is open, `app.info` and `recovery.*` answer (the
 * app offers to restore the latest backup), every other channel says DATABASE_CORRUPT.
 * A database written by a newer version is refused (throws DATABASE_TOO_NEW).
 */
export async function createChatTrainCore(options: CoreOptions): Promise<ChatTrainCore> {
  const homeDir = options.dataDir;
  let dataDir = resolveDataDir(homeDir);
  const events = new CoreEvents();
  // Uploads and the key file stay in the home folder: they belong to this computer, not to the data.
  const uploads = new UploadStore(join(homeDir, 'uploads'));
  await uploads.clear();
  const secrets = options.secrets ?? new FileSecretStore(homeDir);
  const gate = new CallGate();
  let currentOptions: CoreOptions = { ...options, dataDir };
  let current: OpenData | null = null;
  let recovery: RecoveryProblem | null = null;

  const enter = async (dir: string, atStartup: boolean): Promise<'open' | 'recovery'> => {
    const check = checkDatabaseAtStartup(join(dir, DATABASE_FILE));
    dataDir = dir;
    currentOptions = { ...options, dataDir: dir };
    if (!check.ok) {
      recovery = check.problem;
      log.error(`the integrity check of ${join(dir, DATABASE_FILE)} failed; waiting for a restore`, check.problem.details[0] ?? check.problem.message);
      return 'recovery';
    }
    try {
      current = await openData(currentOptions, { events, uploads, secrets, data }, atStartup);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'DATABASE_CORRUPT')) throw error;
      recovery = { kind: 'damaged', message: error.message, details: [] };
      return 'recovery';
    }
    recovery = null;
    return 'open';
  };

  const data: DataControl = {
    homeDir,
    get dataDir() {
      return dataDir;
    },
    get recovery() {
      return current ? null : recovery;
    },
    exclusive: (work) =>
      gate.exclusive(async () => {
        const previousDir = dataDir;
        const viewer: Viewer | null = current ? await current.services.people.viewer() : null;
        let closed = false;
        const reopen = async (dir: string) => {
          const outcome = await enter(dir, false);
          closed = false;
          if (current) {
            if (viewer) await current.services.people.continueAs(viewer);
            // Everything under the screens may have changed: the library reloads on this event.
            events.emit('scenarios.changed', current.contentSync);
          }
          return outcome;
        };
        const access: DataAccess = {
          get dataDir() {
            return dataDir;
          },
          get database() {
            return current?.services.database ?? null;
          },
          close: async () => {
            closed = true;
            const open = current;
            current = null;
            await open?.close();
          },
          open: reopen,
        };
        try {
          return await work(access);
        } finally {
          if (closed) {
            try {
              await reopen(previousDir);
            } catch (error) {
              log.error('reopening the data failed', error);
              recovery = { kind: 'damaged', message: `The data could not be opened again: ${error instanceof Error ? error.message : String(error)}`, details: [] };
            }
          }
        }
      }),
  };

  await enter(dataDir, true);

  const openServices = (): CoreServices => {
    if (current) return current.services;
    throw new AppError('DATABASE_CORRUPT', recovery?.message ?? 'The database is not open.');
  };
  const inRecovery = recoveryHandlers({ data, uploads, options: () => currentOptions });
  const route = (channel: IpcChannel): ((input: unknown) => unknown) => {
    if (current) return current.handlers[channel] as (input: unknown) => unknown;
    const handler = inRecovery[channel as keyof typeof inRecovery];
    if (handler) return handler as (input: unknown) => unknown;
    throw new AppError('DATABASE_CORRUPT', 'The database is damaged. Restore a backup (or start with an empty database) on the recovery screen first.');
  };
  // Stable entry points for the transports: each call goes to the data open at that moment.
  const handlers = Object.fromEntries(
    ipcChannels.map((channel) => [channel, (input: unknown) => gate.run(() => route(channel)(input))]),
  ) as unknown as IpcHandlers;

  return {
    get database() {
      return openServices().database;
    },
    get training() {
      return openServices().training;
    },
    get provider() {
      return openServices().provider;
    },
    get people() {
      return openServices().people;
    },
    get options() {
      return currentOptions;
    },
    events,
    uploads,
    data,
    contentRoots: () => openServices().contentRoots(),
    handlers,
    close: async () => {
      const open = current;
      current = null;
      await open?.close();
    },
  };
}
