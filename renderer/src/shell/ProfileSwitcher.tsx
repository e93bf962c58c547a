import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { roleLabels } from '../store/people-slice';
import { PinLock, ProfileAvatar, RoleBadge } from '../people/RoleBadge';
import { AlertIcon, CheckIcon, ChevronDownIcon, CloseIcon, Spinner, UsersIcon } from '../ui/icons';

type FocusTarget = 'current' | 'first' | 'last';

/**
 * The active profile in the header, and a menu of every profile to switch to (a PIN
 * profile opens the PIN dialog). A menu button: Enter, Space or ↓ opens it, arrows, Home
 * and End move, Escape closes and returns to the button.
 */
export function ProfileSwitcher() {
  const { current, currentStatus, profiles, profilesStatus, profilesError, switching, switchError } = useAppStore(
    useShallow((state) => ({
      current: state.currentProfile,
      currentStatus: state.currentProfileStatus,
      profiles: state.profiles,
      profilesStatus: state.profilesStatus,
      profilesError: state.profilesError,
      switching: state.switching,
      switchError: state.switchError,
    })),
  );
  const loadProfiles = useAppStore((state) => state.loadProfiles);
  const loadCurrentProfile = useAppStore((state) => state.loadCurrentProfile);
  const requestSwitch = useAppStore((state) => state.requestSwitch);
  const dismissSwitchError = useAppStore((state) => state.dismissSwitchError);
  const goToArea = useAppStore((state) => state.goToArea);
  const [open, setOpen] = useState(false);
  const [focusTarget, setFocusTarget] = useState<FocusTarget | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];

  const openMenu = (target: FocusTarget) => {
    setOpen(true);
    setFocusTarget(target);
    void loadProfiles();
    if (currentStatus === 'error') void loadCurrentProfile();
  };

  const closeMenu = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  // Focus goes into the menu once it is drawn (and again when the list arrives).
  useEffect(() => {
    if (!open || !focusTarget) return;
    const all = items();
    if (all.length === 0) return;
    const checked = all.find((item) => item.getAttribute('aria-checked') === 'true');
    const target = focusTarget === 'last' ? all.at(-1) : focusTarget === 'current' ? (checked ?? all[0]) : all[0];
    target?.focus();
    setFocusTarget(null);
  }, [open, focusTarget, profiles]);

  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const choose = (profileId: string) => {
    // Back on the button first, so the PIN dialog returns focus to something that stays.
    closeMenu(true);
    if (profileId !== current?.id) void requestSwitch(profileId);
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openMenu(event.key === 'ArrowUp' ? 'last' : 'current');
    }
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const move = (next: number) => {
      event.preventDefault();
      all[(next + all.length) % all.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(all.length - 1);
      case 'Escape':
        event.preventDefault();
        return closeMenu(true);
      case 'Tab':
        return closeMenu(false);
    }
  };

  const roleText = current ? roleLabels[current.role] : '';
  const label = current ? `${current.displayName}, ${roleText.toLowerCase()}: switch profile` : 'Switch profile';

  return (
    <div className="profile-switcher" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={open ? 'switcher-button switcher-open' : 'switcher-button'}
        data-testid="profile-switcher"
        data-profile-id={current?.id}
        data-role={current?.role}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        aria-busy={switching}
        title={current ? `${current.displayName} (${roleText})` : undefined}
        onClick={() => (open ? closeMenu(false) : openMenu('current'))}
        onKeyDown={onButtonKey}
      >
        {current ? (
          <>
            <ProfileAvatar profile={current} size={26} />
            <span className="switcher-name" data-testid="current-profile-name">
              {current.displayName}
            </span>
            <RoleBadge role={current.role} />
          </>
        ) : currentStatus === 'error' ? (
          <>
            <AlertIcon size={16} />
            <span className="switcher-name">Profile</span>
          </>
        ) : (
          <>
            <Spinner />
            <span className="switcher-name muted">Profile</span>
          </>
        )}
        {switching ? <Spinner /> : <ChevronDownIcon size={16} />}
      </button>

      {open && (
        <div className="switcher-menu" id={menuId} ref={menuRef} role="menu" aria-label="Switch profile" data-testid="profile-menu" onKeyDown={onMenuKey}>
          <p className="switcher-menu-title" aria-hidden="true">
            Switch profile
          </p>
          {profilesStatus === 'error' && profiles.length === 0 ? (
            <p className="switcher-menu-note inline-error" role="none">
              <AlertIcon size={16} /> The profiles could not be listed. {profilesError}
            </p>
          ) : profiles.length === 0 ? (
            <p className="switcher-menu-note" role="none">
              <Spinner /> Loading profiles…
            </p>
          ) : (
            <div className="switcher-items" role="group" aria-label="Profiles">
              {profiles.map((profile) => {
                const isCurrent = profile.id === current?.id;
                return (
                  <button
                    key={profile.id}
                    type="button"
                    role="menuitemradio"
                    aria-checked={isCurrent}
                    tabIndex={-1}
                    className="switcher-item"
                    data-testid="profile-option"
                    data-profile-id={profile.id}
                    data-profile-name={profile.displayName}
                    data-has-pin={profile.hasPin}
                    onClick={() => choose(profile.id)}
                  >
                    <ProfileAvatar profile={profile} size={30} />
                    <span className="switcher-item-text">
                      <span className="switcher-item-name">
                        {profile.displayName}
                        {profile.hasPin && <PinLock />}
                      </span>
                      <span className="switcher-item-role">{roleLabels[profile.role]}</span>
                    </span>
                    {isCurrent && (
                      <span className="switcher-item-check">
                        <CheckIcon size={16} />
                        <span className="visually-hidden">(active)</span>
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          )}
          <div className="switcher-separator" role="separator" />
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="switcher-item switcher-manage"
            data-testid="manage-profiles"
            onClick={() => {
              closeMenu(true);
              goToArea('people');
            }}
          >
            <UsersIcon size={16} />
            Manage profiles
          </button>
        </div>
      )}

      {switchError && !open && (
        <div className="switcher-error" role="alert" data-testid="switch-error">
          <AlertIcon size={16} />
          <span>{switchError}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismissSwitchError}>
            <CloseIcon size={14} />
          </button>
        </div>
      )}
    </div>
  );
}
