import { platform } from 'node:os';
import { AppError } from '../../../shared/errors';
import type { FileDelivery } from '../../../shared/files/types';
import { deliverFile } from '../files/deliver-file';
import type { ReportFormat } from '../../../shared/training/types';
import { syncContent } from '../content/library';
import { getDocument, getScenario, listScenarios, searchDocuments } from '../content/queries';
import type { CoreServices } from '../chattrain-core';
import { facilitatorSettingKeys } from '../../../shared/settings/schema';
import { readSettings, updateSettings } from '../settings/settings-store';
import { PRODUCT_NAME } from '../paths';
import { logActivity } from '../training/activity-log';
import { peopleHandlers } from '../people/ipc-handlers';
import { assertCanViewSession, canViewSession } from '../people/visibility';
import { dashboardHandlers } from '../cohort/ipc-handlers';
import { workshopHandlers } from '../workshop/ipc-handlers';
import { dataCareHandlers } from '../data-care/ipc-handlers';
import { goalsHandlers } from '../goals/ipc-handlers';
import type { IpcHandlers } from './router';

const formatNames: Record<ReportFormat, string> = { pdf: 'PDF document', html: 'Web page', md: 'Markdown', json: 'JSON' };

/** Binds every contract channel to the core's services. Inputs arrive validated. */
export function createIpcHandlers(core: CoreServices): IpcHandlers {
  const { db } = core.database;
  const { training, provider, people } = core;

  /** Facilitators and trainers may open anyone's session; a trainee only their own (else NOT_FOUND). */
  async function visible(sessionId: string): Promise<string> {
    await assertCanViewSession(db, await people.viewer(), sessionId);
    return sessionId;
  }

  /** Only the trainee who owns a session plays it, whoever else may read it. */
  async function own(sessionId: string): Promise<string> {
    const viewer = await people.viewer();
    await assertCanViewSession(db, viewer, sessionId);
    const session = await db.selectFrom('sessions').select('user_id').where('id', '=', sessionId).executeTakeFirstOrThrow();
    if (session.user_id !== viewer.id) throw new AppError('UNAUTHORIZED', 'Only the trainee who started this session can continue it.');
    return sessionId;
  }

  async function exportReport(sessionId: string, format: ReportFormat): Promise<FileDelivery> {
    const rendered = await training.renderReport(sessionId, format);
    return deliverFile(core.options.chooseSavePath, { ...rendered, formatName: formatNames[format], extension: format });
  }

  return {
    ...peopleHandlers(core),
    ...dashboardHandlers(core),
    ...workshopHandlers(core),
    ...dataCareHandlers(core),
    ...goalsHandlers(core),
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
    'documents.get': async ({ id, sessionId }) => {
      const document = await getDocument(db, id);
      if (sessionId && (await canViewSession(db, await people.viewer(), sessionId))) {
        const session = await db.selectFrom('sessions').select('user_id').where('id', '=', sessionId).executeTakeFirst();
        if (session) await logActivity(db, { type: 'document_viewed', userId: session.user_id, sessionId, details: { documentId: id } });
      }
      return document;
    },
    'settings.get': () => readSettings(db),
    'settings.set': async (patch) => {
      const guarded = facilitatorSettingKeys.filter((key) => patch[key] !== undefined);
      if (guarded.length > 0) await people.requireOnceFacilitatorsExist(`change ${guarded.join(', ')}`);
      return updateSettings(db, patch);
    },

    'sessions.create': ({ scenarioId }) => training.create(scenarioId),
    'sessions.start': async ({ sessionId }) => training.start(await own(sessionId)),
    'sessions.get': async ({ sessionId }) => training.view(await visible(sessionId)),
    'sessions.answer': async ({ sessionId, text }) => training.answer(await own(sessionId), text),
    'sessions.end': async ({ sessionId }) => training.end(await own(sessionId)),
    'sessions.abandon': async ({ sessionId }) => training.abandon(await own(sessionId)),
    'sessions.resumable': () => training.resumable(),
    'sessions.reflect': async ({ sessionId, takeaways, revisedGoal }) => training.saveReflection(await own(sessionId), takeaways, revisedGoal),
    'sessions.stop': async ({ sessionId }) => training.stop(await own(sessionId)),
    'sessions.retry': async ({ sessionId }) => training.retry(await own(sessionId)),
    'llm.status': () => provider.status(),
    'llm.configure': ({ config, enabled }) => provider.configure(config, enabled),
    'llm.setEnabled': ({ enabled }) => provider.setEnabled(enabled),
    'llm.setApiKey': ({ apiKey }) => provider.setApiKey(apiKey),
    'llm.clearApiKey': () => provider.clearApiKey(),
    'llm.testConnection': ({ config, apiKey }) => provider.testConnection(config, apiKey),
    'reports.export': async ({ sessionId, format }) => exportReport(await visible(sessionId), format),
  };
}
