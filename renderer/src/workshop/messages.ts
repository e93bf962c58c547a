import type { FileDelivery } from '../../../shared/files/types';
import {
  bundleTableNames,
  type BundleExportOutcome,
  type BundleImportSummary,
  type CohortExportOutcome,
  type PackImportOutcome,
  type PackRemoval,
  type SelectionPreview,
} from '../../../shared/workshop/types';
import { plural } from '../ui/format';

/** Where a produced file went, as the end of a sentence. */
function whereItWent(delivery: Exclude<FileDelivery, { kind: 'cancelled' }>): string {
  return delivery.kind === 'saved' ? `saved to ${delivery.path}` : `downloaded as ${delivery.fileName}`;
}

export const CANCELLED = 'Export cancelled: nothing was saved.';

export function cohortExportMessage(outcome: CohortExportOutcome): string {
  if (outcome.delivery.kind === 'cancelled') return CANCELLED;
  const what =
    outcome.format === 'csv'
      ? `Exported ${plural(outcome.records, 'session')} as CSV`
      : `Exported ${plural(outcome.records, 'xAPI statement')} for ${plural(outcome.sessions, 'completed session')}`;
  return `${what} — ${whereItWent(outcome.delivery)}.`;
}

export function bundleExportMessage(outcome: BundleExportOutcome): string {
  if (outcome.delivery.kind === 'cancelled') return CANCELLED;
  return `Bundle of ${plural(outcome.counts.sessions, 'session')} (${plural(outcome.counts.messages, 'message')}, ${plural(outcome.counts.users, 'profile')}) ${whereItWent(outcome.delivery)}.`;
}

export function bundleImportMessage(summary: BundleImportSummary): string {
  const { inserted, updated, skipped } = summary.counts.sessions;
  const changed = bundleTableNames.some((table) => summary.counts[table].inserted + summary.counts[table].updated > 0);
  if (!changed) return `Nothing new in ${summary.fileName}: all ${plural(summary.contained.sessions, 'session')} were already here.`;
  const parts = [`${plural(inserted, 'new session')}`];
  if (updated > 0) parts.push(`${updated.toLocaleString()} updated`);
  if (skipped > 0) parts.push(`${skipped.toLocaleString()} already here`);
  return `Imported ${summary.fileName}: ${parts.join(', ')}.`;
}

export function packImportMessage(outcome: PackImportOutcome): string {
  if (!outcome.ok) {
    return `“${outcome.sourceName}” was not installed: ${plural(outcome.problems.length, 'problem')} to fix. Nothing was changed.`;
  }
  const scenarios = plural(outcome.scenarioIds.length, 'scenario');
  return `${outcome.replaced ? 'Replaced' : 'Installed'} “${outcome.name}” with ${scenarios}; ${outcome.scenarioIds.length === 1 ? 'it is' : 'they are'} in the library now.`;
}

export function packRemovalMessage(removal: PackRemoval): string {
  const { removed } = removal;
  return `Removed “${removed.title}” and its ${plural(removed.scenarios.length, 'scenario')} from the library. Sessions played from them are kept.`;
}

/** "142 sessions will be exported", for the export in question. */
export function previewSentence(preview: SelectionPreview, target: 'bundle' | 'csv' | 'xapi'): string {
  if (target === 'xapi') {
    if (preview.completedSessions === 0) {
      return preview.sessions === 0 ? 'No sessions match these filters.' : `${plural(preview.sessions, 'session')} match, but none is completed: only completed sessions become xAPI statements.`;
    }
    return `${plural(preview.xapiStatements, 'statement')} for ${plural(preview.completedSessions, 'completed session')} will be exported.`;
  }
  if (preview.sessions === 0) return 'No sessions match these filters.';
  return target === 'bundle' ? `${plural(preview.sessions, 'session')} will go into the bundle.` : `${plural(preview.sessions, 'session')} will be exported.`;
}

/** Whether the export has anything to write. */
export const previewHasRecords = (preview: SelectionPreview, target: 'bundle' | 'csv' | 'xapi'): boolean =>
  target === 'xapi' ? preview.xapiStatements > 0 : preview.sessions > 0;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
