import { useEffect, type ReactNode } from 'react';
import { isFacilitatorRole } from '../../../shared/people/types';
import { PinDialog } from '../people/PinDialog';
import { useAppStore } from '../store';
import type { AreaScreen, Screen } from '../store/types';
import { ChartIcon, DatabaseIcon, GearIcon, TargetIcon, UsersIcon, WorkshopIcon } from '../ui/icons';
import { ProfileSwitcher } from './ProfileSwitcher';
import './app-header.css';

interface NavLink {
  area: AreaScreen | 'settings';
  label: string;
  icon: ReactNode;
  testId: string;
  /** Other screens that belong to this link (a review is part of the dashboard). */
  alsoCurrent?: Screen['name'][];
}

const personalLinks: NavLink[] = [{ area: 'goals', label: 'Goals', icon: <TargetIcon />, testId: 'nav-goals' }];

/** Facilitators and trainers only; main refuses these areas' data to trainees anyway. */
const facilitatorLinks: NavLink[] = [
  { area: 'dashboard', label: 'Dashboard', icon: <ChartIcon />, testId: 'nav-dashboard', alsoCurrent: ['review'] },
  { area: 'workshop', label: 'Workshop', icon: <WorkshopIcon />, testId: 'nav-workshop' },
  { area: 'data-care', label: 'Data', icon: <DatabaseIcon />, testId: 'nav-data' },
];

const appLinks: NavLink[] = [
  { area: 'people', label: 'Profiles', icon: <UsersIcon />, testId: 'nav-people' },
  { area: 'settings', label: 'Settings', icon: <GearIcon size={16} />, testId: 'open-settings' },
];

export function AppHeader() {
  const appInfo = useAppStore((state) => state.appInfo);
  const screen = useAppStore((state) => state.screen.name);
  const role = useAppStore((state) => state.currentProfile?.role);
  const goToLibrary = useAppStore((state) => state.goToLibrary);
  const goToSettings = useAppStore((state) => state.goToSettings);
  const goToArea = useAppStore((state) => state.goToArea);

  // Who is using the app decides what the header offers: read it once at start-up.
  useEffect(() => {
    const { loadCurrentProfile, loadProfiles } = useAppStore.getState();
    void loadCurrentProfile();
    void loadProfiles();
  }, []);

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

  const link = (item: NavLink) => {
    const current = screen === item.area || (item.alsoCurrent?.includes(screen) ?? false);
    return (
      <li key={item.testId}>
        <button
          type="button"
          className={current ? 'btn btn-ghost btn-small nav-button nav-current' : 'btn btn-ghost btn-small nav-button'}
          data-testid={item.testId}
          aria-current={current ? 'page' : undefined}
          title={item.label}
          onClick={() => {
            if (screen === item.area) return;
            if (item.area === 'settings') goToSettings();
            else goToArea(item.area);
          }}
        >
          {item.icon}
          <span className="nav-label">{item.label}</span>
        </button>
      </li>
    );
  };

  const facilitator = role !== undefined && isFacilitatorRole(role);

  return (
    <header className="app-header" data-testid="app-header" data-facilitator={facilitator}>
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
          <ul className="nav-group">{personalLinks.map(link)}</ul>
          {facilitator && (
            <ul className="nav-group nav-group-facilitator" aria-label="Facilitator" data-testid="nav-facilitator">
              {facilitatorLinks.map(link)}
            </ul>
          )}
          <ul className="nav-group">{appLinks.map(link)}</ul>
        </nav>
        <ProfileSwitcher />
        {appInfo && (
          <span className="app-meta" data-testid="app-meta">
            {appInfo.mode === 'web' && <span className="mode-badge">Browser mode</span>}
            <span className="app-version">v{appInfo.version}</span>
          </span>
        )}
      </div>
      <PinDialog />
    </header>
  );
}
