import type { ContentReloadResult } from '../../../shared/scenario/types';
import { useAppStore } from '../store';
import { plural } from '../ui/format';
import { AlertIcon, CheckIcon, CloseIcon, RefreshIcon } from '../ui/icons';

export function ReloadButton() {
  const running = useAppStore((state) => state.reload.status === 'running');
  const reloadContent = useAppStore((state) => state.reloadContent);
  return (
    <button
      type="button"
      className="btn btn-secondary"
      data-testid="reload-content"
      aria-busy={running}
      disabled={running}
      onClick={() => void reloadContent()}
    >
      <RefreshIcon size={16} className={running ? 'icon-spin' : undefined} />
      {running ? 'Reloading…' : 'Reload content'}
    </button>
  );
}

export function describeReload(result: ContentReloadResult): string {
  const parts = [
    `${plural(result.loaded, 'scenario')} loaded or updated`,
    `${result.unchanged} unchanged`,
    `${result.removed} removed`,
  ];
  const problems = result.problems.length === 0 ? 'No problems found.' : `${plural(result.problems.length, 'problem')} found (listed below).`;
  return `Content reloaded: ${parts.join(', ')}. ${problems}`;
}

/** The outcome of the last "Reload content" (or a failed start-up check), until closed. */
export function ReloadNotice() {
  const reload = useAppStore((state) => state.reload);
  const dismiss = useAppStore((state) => state.dismissReloadNotice);

  // Always rendered so screen readers hear the outcome when it appears.
  const content = !reload.noticeVisible ? null : reload.status === 'error' ? (
    <div className="notice notice-error" data-testid="reload-notice" data-outcome="error">
      <AlertIcon size={18} />
      <p>
        <strong>Content could not be reloaded.</strong> {reload.error}
      </p>
      <button type="button" className="icon-button" aria-label="Close message" onClick={dismiss}>
        <CloseIcon size={16} />
      </button>
    </div>
  ) : reload.status === 'done' && reload.result ? (
    <div
      className={reload.result.problems.length > 0 ? 'notice notice-warning' : 'notice notice-success'}
      data-testid="reload-notice"
      data-outcome="done"
    >
      {reload.result.problems.length > 0 ? <AlertIcon size={18} /> : <CheckIcon size={18} />}
      <p>{describeReload(reload.result)}</p>
      <button type="button" className="icon-button" aria-label="Close message" onClick={dismiss}>
        <CloseIcon size={16} />
      </button>
    </div>
  ) : null;

  return (
    <div role="status" aria-live="polite" className="notice-region">
      {content}
    </div>
  );
}
