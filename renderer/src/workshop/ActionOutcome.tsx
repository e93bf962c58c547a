import { useAppStore } from '../store';
import type { WorkshopAction, WorkshopActionName } from '../store/workshop-slice';
import { AlertIcon, CheckIcon, CloseIcon, InfoIcon } from '../ui/icons';

/**
 * What became of a button press: success (with the numbers), a refusal in main's words,
 * or a neutral note (cancelled). Nothing while idle or running.
 */
export function ActionOutcome({ name, action, testId, tone }: { name: WorkshopActionName; action: WorkshopAction<unknown>; testId: string; tone?: 'success' | 'warning' }) {
  const dismiss = useAppStore((state) => state.dismissWorkshopAction);
  if (action.status === 'running') return null;
  const text = action.error ?? action.message;
  if (!text) return null;
  const kind = action.error ? 'error' : action.status === 'done' ? (tone ?? 'success') : 'neutral';
  const Icon = kind === 'error' || kind === 'warning' ? AlertIcon : kind === 'success' ? CheckIcon : InfoIcon;
  return (
    <div className={`notice ws-outcome notice-${kind === 'neutral' ? 'info' : kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId} data-kind={kind}>
      <Icon size={18} />
      <p>{text}</p>
      <button type="button" className="icon-button" aria-label="Dismiss this message" onClick={() => dismiss(name)}>
        <CloseIcon size={16} />
      </button>
    </div>
  );
}
