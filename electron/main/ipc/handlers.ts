import { writeFile } from 'node:fs/promises';
import { platform } from 'node:os';
import { AppError } from '../../../shared/errors';
import type { ReportExportResult } from '../../../shared/ipc/contract';
import type { ReportFormat } from '../../../shared/training/types';
import { syncContent } from '../content/library';
import { getDocument, getScenario, listScenarios, searchDocuments } from '../content/queries';
import type { CoreServices } from '../chattrain-core';
import { readSettings, updateSettings } from '../settings/settings-store';
import { PRODUCT_NAME } from '../paths';
import { logActivity } from '../training/activity-log';
import type { IpcHandlers } from './router';

const formatNames: Record<ReportFormat, string> = { pdf: 'PDF document', html: 'Web page', md: 'Markdown', json: 'JSON' };

/** Binds every contract channel to the core's services. Inputs arrive validated. */
export function createIpcHandlers(core: CoreServices): IpcHandlers {
  const { db } = core.database;
  const { training, provider } = core;

  async function exportReport(sessionId: string, format: ReportFormat): Promise<ReportExportResult> {
    const rendered = await training.renderReport(sessionId, format);
    const choose = core.options.chooseSavePath;
    if (!choose) {
      return { kind: 'download', fileName: rendered.fileName, mimeType: rendered.mimeType, base64: rendered.bytes.toString('base64') };
    }
    const path = await choose(rendered.fileName, { name: formatNames[format], extension: format });
    if (!path) return { kind: 'cancelled' };
    try {
      await writeFile(path, rendered.bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new AppError(code === 'ENOSPC' ? 'DISK_FULL' : 'IO_ERROR', code === 'ENOSPC' ? `The disk is full; the report was not saved to ${path}.` : `The report could not be saved to ${path} (${code ?? 'unknown error'}).`, { cause: error });
    }
    return { kind: 'saved', path };
  }

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
    'documents.get': async ({ id, sessionId }) => {
      const document = await getDocument(db, id);
      if (sessionId) {
        const session = await db.selectFrom('sessions').select('user_id').where('id', '=', sessionId).executeTakeFirst();
        if (session) await logActivity(db, { type: 'document_viewed', userId: session.user_id, sessionId, details: { documentId: id } });
      }
      return document;
    },
    'settings.get': () => readSettings(db),
    'settings.set': (patch) => updateSettings(db, patch),

    'profiles.current': () => training.currentUser(),
    'sessions.create': ({ scenarioId }) => training.create(scenarioId),
    'sessions.start': ({ sessionId }) => training.start(sessionId),
    'sessions.get': ({ sessionId }) => training.view(sessionId),
    'sessions.answer': ({ sessionId, text }) => training.answer(sessionId, text),
    'sessions.end': ({ sessionId }) => training.end(sessionId),
    'sessions.abandon': ({ sessionId }) => training.abandon(sessionId),
    'sessions.resumable': () => training.resumable(),
    'sessions.reflect': ({ sessionId, takeaways, revisedGoal }) => training.saveReflection(sessionId, takeaways, revisedGoal),
    'sessions.stop': ({ sessionId }) => training.stop(sessionId),
    'sessions.retry': ({ sessionId }) => training.retry(sessionId),
    'goals.create': (input) => training.createGoal(input),
    'llm.status': () => provider.status(),
    'llm.configure': ({ config, enabled }) => provider.configure(config, enabled),
    'llm.setEnabled': ({ enabled }) => provider.setEnabled(enabled),
    'llm.setApiKey': ({ apiKey }) => provider.setApiKey(apiKey),
    'llm.clearApiKey': () => provider.clearApiKey(),
    'llm.testConnection': ({ config, apiKey }) => provider.testConnection(config, apiKey),
    'reports.export': ({ sessionId, format }) => exportReport(sessionId, format),
  };
}
