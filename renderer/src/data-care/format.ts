import type { BackupKind } from '../../../shared/data-care/types';

/** "812 KB", "4.2 MB", "1.3 GB". */
export function formatBytes(count: number): string {
  if (count < 1024 * 1024) return `${Math.max(count > 0 ? 1 : 0, Math.round(count / 1024)).toLocaleString('en')} KB`;
  if (count < 1024 * 1024 * 1024) return `${(count / 1024 / 1024).toFixed(1)} MB`;
  return `${(count / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export const backupKindLabels: Record<BackupKind, string> = {
  manual: 'Backup',
  'before-restore': 'Before a restore',
  'pre-migration': 'Before an update',
};

/** The day `days` days before `now` (for "older than … will be removed"). */
export function daysBefore(days: number, now: number = Date.now()): string {
  return new Date(now - days * 86_400_000).toISOString();
}
