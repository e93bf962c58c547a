import { useEffect } from 'react';
import { subscribe } from './ipc/client';
import { LibraryScreen } from './library/LibraryScreen';
import { ScenarioScreen } from './scenario/ScenarioScreen';
import { AppHeader } from './shell/AppHeader';
import { useAppStore } from './store';

// Start-up work runs once per page, even when React mounts effects twice (StrictMode).
let started = false;

export function App() {
  const screen = useAppStore((state) => state.screen.name);
  const theme = useAppStore((state) => state.theme);

  useEffect(() => {
    if (started) return;
    started = true;
    const { loadShell, startLibrary } = useAppStore.getState();
    void loadShell();
    void startLibrary();
  }, []);

  useEffect(() => subscribe('scenarios.changed', (result) => useAppStore.getState().contentChanged(result)), []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <AppHeader />
      <div className="app-content">
        {screen === 'library' ? <LibraryScreen /> : <ScenarioScreen />}
      </div>
    </div>
  );
}
