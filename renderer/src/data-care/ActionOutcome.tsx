import type { DataCareAction } from '../store/data-care-slice';
import { AlertIcon, CheckIcon } from '../ui/icons';

/** What the last action of a card did, announced politely; failures as an alert. */
export function ActionOutcome({ action, testId }: { action: DataCareAction; testId: string }) {
  return (
    <div className="dc-outcome" role="status" aria-live="polite" data-testid={`${testId}-status`}>
      {action.status === 'done' && action.message && (
        <p className="dc-done" data-testid={`${testId}-done`}>
          <CheckIcon size={15} /> <span>{action.message}</span>
        </p>
      )}
      {action.status === 'error' && (
        <p className="inline-error" role="alert" data-testid={`${testId}-error`}>
          <AlertIcon size={16} /> <span>{action.error}</span>
        </p>
      )}
    </div>
  );
}
