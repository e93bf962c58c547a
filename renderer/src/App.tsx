import { useEffect } from 'react';
import { subscribe } from './ipc/client';
import { LibraryScreen } from './library/LibraryScreen';
import { ScenarioScreen } from './scenario/ScenarioScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { AppHeader } from './shell/AppHeader';
import { hashToScreen, sameScreen, screenToHash } from './shell/route';
import { useAppStore } from './store';
import type { Screen } from './store/types';
import { SessionScreen } from './training/SessionScreen';
import { DashboardScreen } from './dashboard/DashboardScreen';
import { ReviewScreen } from './review/ReviewScreen';
import { WorkshopScreen } from './workshop/WorkshopScreen';
import { DataCareScreen } from './data-care/DataCareScreen';
import { RecoveryScreen, useRecovery } from './data-care/RecoveryScreen';
import { PeopleScreen } from './people/PeopleScreen';
import { GoalsScreen } from './goals/GoalsScreen';

const screens: Record<Screen['name'], () => React.JSX.Element> = {
  library: LibraryScreen,
  scenario: ScenarioScreen,
  settings: SettingsScreen,
  session: SessionScreen,
  dashboard: DashboardScreen,
  review: ReviewScreen,
  workshop: WorkshopScreen,
  'data-care': DataCareScreen,
  people: PeopleScreen,
  goals: GoalsScreen,
};

// Start-up work runs once per page, even when React mounts effects twice (StrictMode).
let started = false;

/** Shows the screen the address bar names (start-up, Back/Forward, an edited hash). */
function showScreen(target: Screen) {
  const state = useAppStore.getState();
  if (sameScreen(state.screen, target)) return;
  if (target.name === 'session') state.goToSession(target.sessionId);
  else if (target.name === 'scenario') state.goToScenario(target.scenarioId);
  else if (target.name === 'settings') state.goToSettings();
  else if (target.name === 'review') state.goToReview(target.sessionId);
  else if (target.name === 'library') state.goToLibrary();
  else state.goToArea(target.name);
}

/** Keeps the hash in step with the screen; each new screen is a history entry. */
function writeHash(screen: Screen) {
  const hash = screenToHash(screen);
  const current = window.location.hash === '#' ? '' : window.location.hash;
  if (current === hash) return;
  window.history.pushState(null, '', hash || `${window.location.pathname}${window.location.search}`);
}

export function App() {
  const screen = useAppStore((state) => state.screen.name);
  const theme = useAppStore((state) => state.theme);
  // Start-up found the database damaged: only the recovery screen can do anything.
  const recovery = useRecovery();

  useEffect(() => useAppStore.subscribe((state, previous) => state.screen !== previous.screen && writeHash(state.screen)), []);

  useEffect(() => {
    if (started) return;
    started = true;
    const { loadShell, startLibrary, checkRecovery } = useAppStore.getState();
    void checkRecovery();
    void loadShell();
    void startLibrary();
    // A reload mid-session comes back to the same session (or scenario).
    showScreen(hashToScreen(window.location.hash));
  }, []);

  useEffect(() => {
    const onHashChange = () => showScreen(hashToScreen(window.location.hash));
    // Both: Back/Forward fires popstate, an edited hash fires hashchange (showing is idempotent).
    window.addEventListener('hashchange', onHashChange);
    window.addEventListener('popstate', onHashChange);
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('popstate', onHashChange);
    };
  }, []);

  useEffect(() => subscribe('scenarios.changed', (result) => useAppStore.getState().contentChanged(result)), []);
  // AI persona replies stream in as tokens; a finished, stopped or failed reply (or an AI
  // summary) is announced as `session.updated`, and the open session is read again.
  useEffect(() => subscribe('session.token', (payload) => useAppStore.getState().receiveToken(payload)), []);
  useEffect(() => subscribe('session.updated', ({ sessionId }) => useAppStore.getState().sessionChanged(sessionId)), []);

  // 'system' follows the OS setting live; the stylesheet only knows 'light' and 'dark'.
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (query.matches ? 'dark' : 'light') : theme;
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);

  const ScreenView = screens[screen];
  return (
    <div className="app" data-screen={screen}>
      <AppHeader />
      <div className="app-content">
        {recovery ? <RecoveryScreen status={recovery} /> : <ScreenView />}
      </div>
    </div>
  );
}
