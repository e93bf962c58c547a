import type { TrackStep, TrackView } from '../../../shared/goals/types';
import { useAppStore } from '../store';
import { AlertIcon, CheckIcon, LockIcon } from '../ui/icons';

type StepState = 'passed' | 'next' | 'open' | 'locked' | 'missing';

/** `next` is the first step not passed yet that can be played: where the trainee goes on. */
function stepStates(track: TrackView): StepState[] {
  let nextGiven = false;
  return track.steps.map((step) => {
    if (!step.available) return 'missing';
    if (step.status === 'passed') return 'passed';
    if (step.status === 'locked') return 'locked';
    if (nextGiven) return 'open';
    nextGiven = true;
    return 'next';
  });
}

const stateWords: Record<StepState, (step: TrackStep) => string> = {
  passed: (step) => (step.bestScore !== null ? `Passed · best ${Math.round(step.bestScore)}` : 'Passed'),
  next: (step) => `Next · pass with ${step.passScore} or more`,
  open: (step) => `Open · pass with ${step.passScore} or more`,
  locked: () => 'Locked',
  missing: () => 'Not installed',
};

/**
 * The tracks of the installed packs, each an ordered row of scenarios: passed ✓, the next
 * one to play, and locked ones with the reason. Nothing shows when no pack defines a track.
 */
export function TracksSection() {
  const tracks = useAppStore((state) => state.tracks);
  const status = useAppStore((state) => state.tracksStatus);
  const error = useAppStore((state) => state.tracksError);
  const loadTracks = useAppStore((state) => state.loadTracks);

  if (status === 'error') {
    return (
      <p className="inline-error tracks-error" role="alert" data-testid="tracks-error">
        <AlertIcon size={16} /> The tracks could not be loaded. {error}{' '}
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void loadTracks()}>
          Try again
        </button>
      </p>
    );
  }
  if (tracks.length === 0) return null;

  return (
    <section className="tracks" aria-labelledby="tracks-title" data-testid="tracks">
      <h2 id="tracks-title" className="tracks-title">
        Tracks
      </h2>
      <ul className="track-list">
        {tracks.map((track) => (
          <li key={track.id}>
            <TrackPanel track={track} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function TrackPanel({ track }: { track: TrackView }) {
  const goToScenario = useAppStore((state) => state.goToScenario);
  const states = stepStates(track);
  const titleId = `track-title-${track.id}`;
  const total = track.steps.length;
  const done = track.passedCount === total;
  return (
    <article className="track" aria-labelledby={titleId} data-testid="track" data-track-id={track.id}>
      <header className="track-head">
        <div className="track-head-text">
          <h3 id={titleId} className="track-name">
            {track.title}
          </h3>
          <p className="track-pack">{track.packTitle}</p>
        </div>
        <p className={done ? 'track-count track-count-done' : 'track-count'} data-testid="track-count">
          {done && <CheckIcon size={14} />}
          {track.passedCount} of {total} passed
        </p>
      </header>
      {track.description && <p className="track-description">{track.description}</p>}
      <ol className="track-steps">
        {track.steps.map((step, index) => {
          const state = states[index]!;
          const reasonId = `track-reason-${track.id}-${index}`;
          return (
            <li key={step.scenarioId} className={`track-step track-step-${state}`} data-testid="track-step" data-scenario-id={step.scenarioId} data-state={state}>
              <button
                type="button"
                className="track-step-open"
                disabled={!step.available}
                aria-describedby={step.lockedReason ? reasonId : undefined}
                onClick={() => goToScenario(step.scenarioId)}
              >
                <span className="track-step-marker" aria-hidden="true">
                  {state === 'passed' ? <CheckIcon size={14} /> : state === 'locked' || state === 'missing' ? <LockIcon size={13} /> : index + 1}
                </span>
                <span className="track-step-body">
                  <span className="track-step-title">
                    <span className="visually-hidden">Step {index + 1}: </span>
                    {step.title}
                  </span>
                  <span className="track-step-state" data-testid="track-step-state">
                    {stateWords[state](step)}
                  </span>
                </span>
              </button>
              {step.lockedReason && state === 'locked' && (
                <p className="track-step-reason" id={reasonId} data-testid="track-step-reason">
                  {step.lockedReason}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </article>
  );
}
