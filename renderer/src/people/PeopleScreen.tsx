import { useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isFacilitatorRole, type Profile } from '../../../shared/people/types';
import { useAppStore } from '../store';
import { AlertIcon, CheckIcon, CloseIcon, LockIcon, Spinner } from '../ui/icons';
import { AddProfileForm } from './AddProfileForm';
import { ProfileEditor } from './ProfileEditor';
import { ProfileAvatar, RoleBadge } from './RoleBadge';
import './people.css';

/**
 * Profiles (`#/people`): everyone on this computer with their role and whether a PIN
 * protects them. Facilitators and trainers manage every profile; a trainee manages only
 * their own (and may add trainees, or the very first facilitator).
 */
export function PeopleScreen() {
  const { current, currentStatus, currentError, profiles, profilesStatus, profilesError, action } = useAppStore(
    useShallow((state) => ({
      current: state.currentProfile,
      currentStatus: state.currentProfileStatus,
      currentError: state.currentProfileError,
      profiles: state.profiles,
      profilesStatus: state.profilesStatus,
      profilesError: state.profilesError,
      action: state.profileAction,
    })),
  );
  const loadProfiles = useAppStore((state) => state.loadProfiles);
  const loadCurrentProfile = useAppStore((state) => state.loadCurrentProfile);
  const resetProfileAction = useAppStore((state) => state.resetProfileAction);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    void loadCurrentProfile();
    void loadProfiles();
  }, [loadCurrentProfile, loadProfiles]);

  useEffect(() => {
    document.title = 'Profiles · ChatTrain';
    titleRef.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
    load();
    return () => resetProfileAction();
  }, [load, resetProfileAction]);

  // A deleted profile takes its row (and the focused button) with it: show what went instead.
  const removedRow = action.status === 'done' && action.kind === 'delete-profile';
  useEffect(() => {
    if (removedRow) noticeRef.current?.focus();
  }, [removedRow]);

  const manager = current !== null && isFacilitatorRole(current.role);
  const facilitatorExists = profiles.some((profile) => isFacilitatorRole(profile.role));
  const ready = profilesStatus === 'ready' && current !== null;

  return (
    <main className="page people-page" data-testid="people-screen" aria-labelledby="people-title">
      <header className="page-head">
        <div>
          <h1 id="people-title" ref={titleRef} tabIndex={-1}>
            Profiles
          </h1>
          <p className="lead">
            {manager
              ? 'Everyone who uses ChatTrain on this computer. As a facilitator or trainer you can rename profiles, change roles, set or remove PINs and delete data.'
              : 'Who uses ChatTrain on this computer. Your sessions are seen only by you and by facilitators and trainers.'}
          </p>
        </div>
      </header>

      {/* Changes to one profile are reported beside it; adding and removing profiles up here. */}
      <div className="notice-region" aria-live="polite">
        {action.status === 'done' && action.message && (action.kind === 'create' || action.kind === 'delete-profile') && (
          <div className="notice notice-success" ref={noticeRef} tabIndex={-1} data-testid="people-notice">
            <CheckIcon size={16} />
            <p>{action.message}</p>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={resetProfileAction}>
              <CloseIcon size={14} />
            </button>
          </div>
        )}
      </div>

      {ready ? (
        <div className="people-layout">
          <section className="people-card" aria-labelledby="profiles-list-title">
            <h2 id="profiles-list-title" className="people-card-title">
              {profiles.length === 1 ? 'One profile' : `${profiles.length} profiles`}
            </h2>
            <ul className="profile-list" data-testid="profile-list">
              {profiles.map((profile) => (
                <ProfileRow key={profile.id} profile={profile} isSelf={profile.id === current.id} manager={manager} />
              ))}
            </ul>
            {profilesError && (
              <p className="inline-error" role="alert">
                <AlertIcon size={16} /> The list may be out of date: {profilesError}
              </p>
            )}
          </section>
          <AddProfileForm manager={manager} facilitatorExists={facilitatorExists} />
        </div>
      ) : profilesStatus === 'error' || currentStatus === 'error' ? (
        <div className="state-panel state-error" role="alert" data-testid="people-error">
          <AlertIcon size={24} />
          <h2>The profiles could not be loaded</h2>
          <p>{profilesError ?? currentError}</p>
          <button type="button" className="btn btn-primary" onClick={load}>
            Try again
          </button>
        </div>
      ) : (
        <div className="state-panel" data-testid="people-loading">
          <Spinner label="Loading the profiles" />
          <p>Loading the profiles…</p>
        </div>
      )}
    </main>
  );
}

function ProfileRow({ profile, isSelf, manager }: { profile: Profile; isSelf: boolean; manager: boolean }) {
  const requestSwitch = useAppStore((state) => state.requestSwitch);
  const switching = useAppStore((state) => state.switching);
  const canManage = manager || isSelf;
  // A trainee's own tools are the point of their visit: open from the start.
  const [expanded, setExpanded] = useState(isSelf && !manager);

  return (
    <li className={isSelf ? 'profile-row profile-row-self' : 'profile-row'} data-testid="profile-row" data-profile-id={profile.id} data-role={profile.role}>
      <div className="profile-row-main">
        <ProfileAvatar profile={profile} size={36} />
        <div className="profile-row-text">
          <p className="profile-row-name">
            <span data-testid="profile-name">{profile.displayName}</span>
            {isSelf && <span className="you-tag">You</span>}
          </p>
          <p className="profile-row-meta">
            <RoleBadge role={profile.role} />
            {isFacilitatorRole(profile.role) &&
              (profile.hasPin ? (
                <span className="pin-state pin-state-set" data-testid="pin-state">
                  <LockIcon size={14} /> PIN set
                </span>
              ) : (
                <span className="pin-state" data-testid="pin-state">
                  No PIN
                </span>
              ))}
          </p>
        </div>
        <div className="profile-row-actions">
          {!isSelf && (
            <button type="button" className="btn btn-secondary btn-small" disabled={switching} onClick={() => void requestSwitch(profile.id)} data-testid="switch-to">
              {profile.hasPin && <LockIcon size={14} />}
              Switch to
              <span className="visually-hidden"> {profile.displayName}</span>
            </button>
          )}
          {canManage && (
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-expanded={expanded}
              aria-controls={expanded ? `editor-${profile.id}` : undefined}
              onClick={() => setExpanded((open) => !open)}
              data-testid="manage-profile"
            >
              {expanded ? 'Close' : 'Manage'}
              <span className="visually-hidden"> {profile.displayName}</span>
            </button>
          )}
        </div>
      </div>
      {canManage && expanded && <ProfileEditor profile={profile} manager={manager} isSelf={isSelf} />}
    </li>
  );
}
