import { useAppStore } from '../store';
import { GearIcon } from '../ui/icons';

export function AppHeader() {
  const appInfo = useAppStore((state) => state.appInfo);
  const screen = useAppStore((state) => state.screen.name);
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const goToSettings = useAppStore((state) => state.goToSettings);

  const brand = (
    <>
      <span className="brand-mark" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round">
          <path d="M4 5h16v10H9l-5 4z" />
          <path d="M8 9h8M8 12h5" />
        </svg>
      </span>
      <span className="brand-name">ChatTrain</span>
    </>
  );

  return (
    <header className="app-header" data-testid="app-header">
      <div className="app-header-inner">
        {screen === 'library' ? (
          <span className="brand">{brand}</span>
        ) : (
          <button type="button" className="brand brand-button" onClick={goToLibrary} aria-label="ChatTrain: back to the scenario library">
            {brand}
          </button>
        )}
        <span className="brand-tagline">Conversation practice</span>
        <span className="app-header-spacer" />
        <nav className="app-nav" aria-label="App">
          <button
            type="button"
            className={screen === 'settings' ? 'btn btn-ghost btn-small nav-button nav-current' : 'btn btn-ghost btn-small nav-button'}
            data-testid="open-settings"
            aria-current={screen === 'settings' ? 'page' : undefined}
            onClick={() => {
              if (screen !== 'settings') goToSettings();
            }}
          >
            <GearIcon size={16} />
            Settings
          </button>
        </nav>
        {appInfo && (
          <span className="app-meta" data-testid="app-meta">
            {appInfo.mode === 'web' && <span className="mode-badge">Browser mode</span>}
            <span className="app-version">v{appInfo.version}</span>
          </span>
        )}
      </div>
    </header>
  );
}
