import { AlertIcon } from './icons';

/** A screen whose content could not be loaded: what failed, why, and the ways out. */
export function OpenFailed(props: { title: string; error: string | null; onRetry: (() => void) | null; onBack: () => void; testId: string; titleId?: string }) {
  return (
    <div className="state-panel state-error" role="alert" data-testid={props.testId}>
      <AlertIcon size={24} />
      <h1 id={props.titleId}>{props.title}</h1>
      <p>{props.error}</p>
      <div className="button-row">
        {props.onRetry && (
          <button type="button" className="btn btn-primary" onClick={props.onRetry}>
            Try again
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={props.onBack}>
          Back to library
        </button>
      </div>
    </div>
  );
}
