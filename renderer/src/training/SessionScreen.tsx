import { useEffect } from 'react';
import { useAppStore } from '../store';
import { Spinner } from '../ui/icons';
import { ChatScreen } from './ChatScreen';
import { StartPage } from './StartPage';
import { SummaryScreen } from './SummaryScreen';
import { OpenFailed } from '../ui/OpenFailed';
import '../scenario/scenario.css';
import './training.css';

/**
 * A training session, on the screen its status calls for: the start page before it
 * begins, the chat while it runs, the summary once it is over.
 */
export function SessionScreen() {
  const status = useAppStore((state) => state.session?.session.status ?? null);
  const title = useAppStore((state) => state.session?.session.scenarioTitle ?? null);
  const loadStatus = useAppStore((state) => state.sessionStatus);
  const error = useAppStore((state) => state.sessionError);
  const sessionId = useAppStore((state) => state.sessionId);
  const openSession = useAppStore((state) => state.openSession);
  const goToLibrary = useAppStore((state) => state.goToLibrary);

  useEffect(() => {
    if (!title || !status) return;
    const what = status === 'created' ? 'Get ready' : status === 'in_progress' ? 'Practice' : 'Summary';
    document.title = `${what}: ${title} · ChatTrain`;
  }, [title, status]);

  if (status === 'created') return <StartPage />;
  if (status === 'in_progress') return <ChatScreen />;
  if (status !== null) return <SummaryScreen />;

  if (loadStatus === 'error') {
    return (
      <main className="page" data-testid="session-screen">
        <OpenFailed
          title="This session could not be opened"
          error={error}
          onRetry={sessionId ? () => void openSession(sessionId) : null}
          onBack={goToLibrary}
          testId="session-error"
        />
      </main>
    );
  }

  return (
    <main className="page" data-testid="session-screen">
      <div className="state-panel" data-testid="session-loading">
        <Spinner label="Loading session" />
        <p>Loading your session…</p>
      </div>
    </main>
  );
}
