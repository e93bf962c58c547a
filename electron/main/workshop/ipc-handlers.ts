import { copyFile, link, mkdtemp, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { FileSource } from '../../../shared/files/types';
import { facilitatorRoles } from '../../../shared/people/types';
import type { workshopChannels } from '../../../shared/workshop/ipc';
import type { BundleImportSummary, ContentPackItem, PackImportOutcome } from '../../../shared/workshop/types';
import type { CoreServices } from '../chattrain-core';
import { cohortCsvLines } from '../cohort/cohort-csv';
import { resolveFilters, type CohortFilters } from '../cohort/filters';
import { xapiJsonChunks, xapiVerbs } from '../cohort/xapi';
import { isInside } from '../content/documents';
import { listContentPacks } from '../content-packs/store';
import { importPackAndSync, removePackAndSync } from '../content-packs/sync';
import type { ContentPackInfo } from '../content-packs/types';
import { deliverFile } from '../files/deliver-file';
import { withReceivedFile, type ReceivedFile } from '../files/receive-file';
import type { HandlersFor } from '../ipc/router';
import { logActivity } from '../training/activity-log';
import { collectBundlePayload } from './bundle-export';
import { encodeBundle } from './bundle-format';
import { importBundle } from './bundle-import';
import { previewSelection, workshopFilterOptions } from './selection-queries';

/** The extension of workshop bundle files written from the app. */
export const BUNDLE_EXTENSION = 'chattrain-bundle';

const pad = (n: number) => String(n).padStart(2, '0');
/** The user's calendar day, for file names (`2026-11-23`). */
const localDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** This laptop's name as a file-name part, so bundles gathered from three laptops do not clash. */
function laptopLabel(): string {
  const label = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32);
  return label || 'laptop';
}

/** The filters as the cohort queries take them (absent fields stay absent). */
function cohortFilters(filters: { from?: string | undefined; to?: string | undefined; scenarioId?: string | undefined; userId?: string | undefined }): CohortFilters {
  return { from: filters.from, to: filters.to, scenarioId: filters.scenarioId, userId: filters.userId };
}

/** What the activity log keeps of the filters (ids and dates, nobody's text). */
const loggedFilters = (filters: CohortFilters) => ({
  from: filters.from ?? null,
  to: filters.to ?? null,
  scenarioId: filters.scenarioId ?? null,
  userId: filters.userId ?? null,
});

async function collectText(chunks: AsyncIterable<string>, onChunk: (chunk: string) => void): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of chunks) {
    onChunk(chunk);
    parts.push(chunk);
  }
  return parts.join('');
}

/** A name an uploaded file can be given on disk: its own base name, made harmless. */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = basename(name).replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').slice(0, 200);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'content-pack.zip';
}

/**
 * The pack importer names the pack, its origin and its problems after the file it is given.
 * An upload sits in the uploads folder under a random id, so it is given its own name
 * first (a hard link beside it, a copy where links are not possible).
 */
async function withOriginalName<T>(file: ReceivedFile, source: FileSource, use: (path: string) => Promise<T>): Promise<T> {
  if (source.kind !== 'upload') return use(file.path);
  const dir = await mkdtemp(join(dirname(file.path), 'named-'));
  try {
    const target = join(dir, safeFileName(file.displayName));
    await link(file.path, target).catch(() => copyFile(file.path, target));
    return await use(target);
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Binds the workshop channels (`shared/workshop/ipc.ts`) to the core's services. Every channel is for facilitators and trainers. */
export function workshopHandlers(core: CoreServices): HandlersFor<typeof workshopChannels> {
  const { db } = core.database;
  const { dataDir, bundledContentDir } = core.options;
  // Uploads live in the folder the app started with, which stays put when the data moves.
  const uploadsDir = join(core.data.homeDir, 'uploads');
  const packHost = { db, dataDir, bundledContentDir };
  const receiveFrom = { chooseOpenPath: core.options.chooseOpenPath, uploads: core.uploads };
  const now = () => core.options.now?.() ?? new Date();
  const facilitator = () => core.people.require(facilitatorRoles);

  async function scenarioTitles(): Promise<Map<string, string>> {
    const rows = await db.selectFrom('scenarios').select(['id', 'title']).execute();
    return new Map(rows.map((row) => [row.id, row.title]));
  }

  function toItem(pack: ContentPackInfo, titles: Map<string, string>): ContentPackItem {
    return {
      id: pack.id,
      title: pack.title,
      description: pack.description,
      version: pack.version,
      origin: pack.origin && {
        kind: pack.origin.kind,
        name: pack.origin.name,
        // An uploaded copy was deleted after the import; its path means nothing to anyone.
        path: isInside(uploadsDir, pack.origin.path) ? null : pack.origin.path,
      },
      importedAt: pack.importedAt,
      scenarios: pack.scenarioIds.map((id) => ({ id, title: titles.get(id) ?? null })),
      trackIds: pack.trackIds,
      files: pack.files,
      bytes: pack.bytes,
    };
  }

  return {
    'workshop.filterOptions': async () => {
      await facilitator();
      return workshopFilterOptions(db);
    },

    'workshop.previewSelection': async ({ filters }) => {
      await facilitator();
      return previewSelection(db, cohortFilters(filters));
    },

    'workshop.exportCohort': async ({ format, filters: input, xapi }) => {
      const viewer = await facilitator();
      const filters = cohortFilters(input);
      resolveFilters(filters);
      let records = 0;
      let sessions = 0;
      let text: string;
      if (format === 'csv') {
        let header = true;
        text = await collectText(cohortCsvLines(db, filters), () => {
          if (header) header = false;
          else records++;
        });
        sessions = records;
      } else {
        text = await collectText(xapiJsonChunks(db, filters, xapi ?? {}), (chunk) => {
          const start = chunk.indexOf('{');
          if (start < 0) return;
          records++;
          const statement = JSON.parse(chunk.slice(start)) as { verb: { id: string } };
          if (statement.verb.id === xapiVerbs.completed) sessions++;
        });
      }
      if (records === 0) {
        throw new AppError(
          'BAD_INPUT',
          format === 'csv'
            ? 'No sessions match these filters; nothing was exported.'
            : 'None of the sessions matching these filters is completed, and only completed sessions become xAPI statements; nothing was exported.',
        );
      }
      const bytes = Buffer.from(text, 'utf8');
      const fileName = `chattrain-cohort-${localDay(now())}.${format === 'csv' ? 'csv' : 'xapi.json'}`;
      const delivery = await deliverFile(core.options.chooseSavePath, {
        fileName,
        mimeType: format === 'csv' ? 'text/csv' : 'application/json',
        bytes,
        formatName: format === 'csv' ? 'CSV table' : 'xAPI statements (JSON)',
        extension: format === 'csv' ? 'csv' : 'json',
      });
      if (delivery.kind !== 'cancelled') {
        await logActivity(db, {
          type: 'export_generated',
          userId: viewer.id,
          details: {
            kind: format === 'csv' ? 'cohort_csv' : 'xapi_statements',
            format,
            records,
            sessions,
            bytes: bytes.length,
            delivered: delivery.kind,
            filters: loggedFilters(filters),
          },
        });
      }
      return { delivery, format, fileName, records, sessions, bytes: bytes.length };
    },

    'workshop.exportBundle': async ({ filters: input }) => {
      const viewer = await facilitator();
      const filters = cohortFilters(input);
      const payload = await collectBundlePayload(core.database, { filters });
      const { bytes, manifest } = await encodeBundle(payload, { appVersion: core.options.appVersion, createdAt: now().toISOString() });
      const fileName = `chattrain-sessions-${laptopLabel()}-${localDay(now())}.${BUNDLE_EXTENSION}`;
      const delivery = await deliverFile(core.options.chooseSavePath, {
        fileName,
        mimeType: 'application/octet-stream',
        bytes,
        formatName: 'ChatTrain workshop bundle',
        extension: BUNDLE_EXTENSION,
      });
      if (delivery.kind !== 'cancelled') {
        await logActivity(db, {
          type: 'export_generated',
          userId: viewer.id,
          details: {
            kind: 'workshop_bundle',
            format: 'chattrain-bundle',
            sessions: manifest.counts.sessions,
            messages: manifest.counts.messages,
            bytes: bytes.length,
            delivered: delivery.kind,
            filters: loggedFilters(filters),
          },
        });
      }
      return { delivery, fileName, counts: manifest.counts, bytes: bytes.length };
    },

    'workshop.importBundle': async ({ source }) => {
      await facilitator();
      return withReceivedFile(
        source,
        { title: 'Import a workshop bundle', filters: [{ name: 'ChatTrain workshop bundle', extensions: [BUNDLE_EXTENSION, 'ctbundle'] }] },
        receiveFrom,
        async (file): Promise<BundleImportSummary> => {
          const result = await importBundle(core.database, file.path);
          return {
            fileName: file.displayName,
            writtenBy: { appVersion: result.manifest.appVersion, createdAt: result.manifest.createdAt },
            contained: result.manifest.counts,
            counts: result.counts,
            conflicts: result.conflicts,
            addedAsTrainees: result.addedAsTrainees,
            durationMs: result.durationMs,
          };
        },
      );
    },

    'workshop.listPacks': async () => {
      await facilitator();
      const [packs, titles] = await Promise.all([listContentPacks(dataDir), scenarioTitles()]);
      return packs.map((pack) => toItem(pack, titles));
    },

    'workshop.importPack': async ({ source, kind }) => {
      await facilitator();
      if (kind === 'folder' && source.kind === 'upload') {
        throw new AppError('BAD_INPUT', 'A folder can only be imported in the desktop app. Zip the folder and import the .zip instead.');
      }
      const request =
        kind === 'folder'
          ? { title: 'Import a content pack folder', filters: [], directory: true }
          : { title: 'Import a content pack (.zip)', filters: [{ name: 'Zip archive', extensions: ['zip'] }] };
      return withReceivedFile(source, request, receiveFrom, (file) =>
        withOriginalName(file, source, async (path): Promise<PackImportOutcome> => {
          const { result, reload } = await importPackAndSync(packHost, path, core.options.now ? { now: core.options.now } : {});
          if (reload) core.events.emit('scenarios.changed', reload);
          const titles = result.pack ? await scenarioTitles() : new Map<string, string>();
          return {
            ok: result.ok,
            packId: result.packId,
            name: result.name,
            sourceName: basename(path),
            sourceKind: result.pack?.origin?.kind ?? kind,
            scenarioIds: result.scenarioIds,
            problems: result.problems,
            replaced: result.replaced,
            pack: result.pack && toItem(result.pack, titles),
            otherProblems: reload?.problems.length ?? 0,
          };
        }),
      );
    },

    'workshop.removePack': async ({ packId }) => {
      await facilitator();
      // Titles first: once removed, the pack's scenarios leave the scenarios table.
      const titles = await scenarioTitles();
      const { removed, reload } = await removePackAndSync(packHost, packId);
      core.events.emit('scenarios.changed', reload);
      return { removed: toItem(removed, titles), scenariosRemoved: reload.removed };
    },
  };
}
