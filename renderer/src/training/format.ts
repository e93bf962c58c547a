import type { CompletionReason, RiskAlert, SessionInfo, StepStatus } from '../../../shared/training/types';
import { formatDate } from '../ui/format';

/** The completion reason in words, as the summary shows it. */
export function completionReasonLabel(reason: CompletionReason | null, status: SessionInfo['status']): string {
  if (status === 'abandoned') return 'Left without finishing';
  switch (reason) {
    case 'all_steps_finished':
      return 'All steps finished';
    case 'time_limit':
      return 'Time limit reached';
    case 'user_exit':
      return 'Ended early by you';
    case 'system_error':
      return 'Stopped by an error';
    default:
      return status === 'error' ? 'Stopped by an error' : 'Not finished';
  }
}

export const stepStatusLabels: Record<StepStatus, string> = {
  pending: 'Not reached',
  in_progress: 'In progress',
  passed: 'Passed',
  missed: 'Missed',
};

/** `m:ss` (or `h:mm:ss`) for a countdown. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** The countdown for screen readers: "12 minutes 5 seconds left". */
export function describeRemaining(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts: string[] = [];
  if (minutes > 0) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  if (rest > 0 || minutes === 0) parts.push(`${rest} ${rest === 1 ? 'second' : 'seconds'}`);
  return `${parts.join(' ')} left`;
}

/** "just now", "5 minutes ago", "yesterday", or a date, for "Continue where you left off". */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const minutes = Math.round((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return formatDate(iso);
}

/** Every distinct resource of the session's risk alerts, in the order they were first shown. */
export function riskResources(risks: RiskAlert[]): string[] {
  const seen = new Set<string>();
  for (const risk of risks) for (const resource of risk.resources) seen.add(resource);
  return [...seen];
}

/** Initials for an avatar: "Dana Miller" → "DM". */
export function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}
