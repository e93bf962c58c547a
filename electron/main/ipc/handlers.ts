import { platform } from 'node:os';
import { syncContent } from '../content/library';
import { getDocument, getScenario, listScenarios, searchDocuments } from '../content/queries';
import type { CoreServices } from '../chattrain-core';
import { readSettings, updateSettings } from '../settings/settings-store';
import { PRODUCT_NAME } from '../paths';
import type { IpcHandlers } from './router';

/** Binds every contract channel to the core's services. Inputs arrive validated. */
export function createIpcHandlers(core: CoreServices): IpcHandlers {
  const { db } = core.database;
  return {
    'app.info': () => ({
      name: PRODUCT_NAME,
      version: core.options.appVersion,
      mode: core.options.mode,
      dataDir: core.options.dataDir,
      databasePath: core.database.path,
      platform: platform(),
    }),
    'scenarios.list': () => listScenarios(db),
    'scenarios.get': ({ id }) => getScenario(db, id),
    'scenarios.reload': async () => {
      const result = await syncContent(db, core.contentRoots());
      core.events.emit('scenarios.changed', result);
      return result;
    },
    'documents.search': (input) => searchDocuments(db, input),
    'documents.get': ({ id }) => getDocument(db, id),
    'settings.get': () => readSettings(db),
    'settings.set': (patch) => updateSettings(db, patch),
  };
}
