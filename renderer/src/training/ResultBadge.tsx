import { AlertIcon, CheckIcon } from '../ui/icons';

/** Passed / Not passed / Not scored, as on the summary and in a facilitator's review. */
export function ResultBadge({ passed, testId }: { passed: boolean | null; testId: string }) {
  if (passed === null) {
    return (
      <span className="result-badge result-none" data-testid={testId} data-passed="none">
        Not scored
      </span>
    );
  }
  return (
    <span className={passed ? 'result-badge result-passed' : 'result-badge result-failed'} data-testid={testId} data-passed={passed}>
      {passed ? <CheckIcon size={16} /> : <AlertIcon size={16} />}
      {passed ? 'Passed' : 'Not passed'}
    </span>
  );
}
