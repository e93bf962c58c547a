import type { BackupKind } from '../../../shared/data-care/types';

/** "812 KB", "4.2 MB", "1.3 GB". */
export function formatBytes(count: number): string {
  if (count < 1024 * 1024) return `${Math.max(count > 0 ? 1 : 0, Math.round(count / 1024)).toLocaleString('en')} KB`;
  if (count < 1024 * 1024 * 1024) return `${(count / 1024 / 1024).toFixed(1)} MB`;
  return `${(count / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** A date with its time, in the reader's locale: "2 Mar 2026, 09:41". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The time of day alone: "09:41". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** A date alone: "2 Mar 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
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

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
