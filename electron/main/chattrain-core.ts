import { join } from 'node:path';
import type { AppInfo } from '../../shared/ipc/contract';
import { syncContent, type ContentRoot } from './content/library';
import { openDatabase, type AppDatabase } from './db/open-database';
import { CoreEvents } from './core-events';
import { createIpcHandlers } from './ipc/handlers';
import type { IpcHandlers } from './ipc/router';
import { DATABASE_FILE } from './paths';
import { contentRootsFor } from './content-packs/store';
import { assertScenarioUnlocked } from './content-packs/tracks';
import { log } from './logging';
import { ActiveProfile } from './people/active-profile';
import { TrainingService } from './training/training-service';
import { ProviderService } from './llm/provider-service';
import { FileSecretStore, type SecretStore } from './secrets/secret-store';

import type { ChooseSavePath } from './files/deliver-file';
import type { ChooseOpenPath } from './files/receive-file';
import { UploadStore } from './files/uploads';

export type { ChooseSavePath } from './files/deliver-file';
export type { ChooseOpenPath } from './files/receive-file';

export interface CoreOptions {
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
  contentRoots(): ContentRoot[];
}

export interface ChatTrainCore extends CoreServices {
  readonly handlers: IpcHandlers;
  close(): Promise<void>;
}

export async function createChatTrainCore(options: CoreOptions): Promise<ChatTrainCore> {
  const database = await openDatabase(join(options.dataDir, DATABASE_FILE));
  const events = new CoreEvents();
  // The bundled folder, then every imported pack (each a folder of scenario folders).
  const contentRoots = (): ContentRoot[] => contentRootsFor(options.bundledContentDir, options.dataDir);

  const initial = await syncContent(database.db, contentRoots());
  if (initial.problems.length > 0) {
    log.info('content loaded with problems', { problems: initial.problems.length });
  }

  const provider = new ProviderService(database.db, options.secrets ?? new FileSecretStore(options.dataDir));
  const people = new ActiveProfile(database.db, { now: options.now });
  const training = new TrainingService(database.db, options.now, { provider, events }, {
    people,
    unlockCheck: (userId, scenarioId) =>
      assertScenarioUnlocked(database.db, { dataDir: options.dataDir, bundledContentDir: options.bundledContentDir }, userId, scenarioId),
  });
  const uploads = new UploadStore(join(options.dataDir, 'uploads'));
  await uploads.clear();
  const services: CoreServices = { database, events, training, provider, people, options, uploads, contentRoots };
  return {
    ...services,
    handlers: createIpcHandlers(services),
    close: async () => {
      await training.persona?.stopAll();
      await database.close();
    },
  };
}
