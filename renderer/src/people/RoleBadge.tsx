import type { Profile, Role } from '../../../shared/people/types';
import { roleLabels } from '../store/people-slice';
import { LockIcon } from '../ui/icons';

/** The role as a small coloured label. */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`role-badge role-${role}`} data-testid="role-badge" data-role={role}>
      {roleLabels[role]}
    </span>
  );
}

/** Up to two initials in a circle (decorative: the name is always next to it). */
export function ProfileAvatar({ profile, size = 28 }: { profile: Pick<Profile, 'displayName' | 'role'>; size?: number }) {
  const words = profile.displayName.trim().split(/\s+/u);
  const initials = (words.length > 1 ? [words[0], words.at(-1)] : [words[0]])
    .map((word) => [...(word ?? '')][0] ?? '')
    .join('')
    .toUpperCase();
  return (
    <span className={`profile-avatar role-${profile.role}`} style={{ width: size, height: size, fontSize: Math.round(size * 0.4) }} aria-hidden="true">
      {initials || '?'}
    </span>
  );
}

/** A lock with a spoken label, for profiles protected by a PIN. */
export function PinLock({ size = 14 }: { size?: number }) {
  return (
    <span className="pin-lock" title="Protected by a PIN">
      <LockIcon size={size} />
      <span className="visually-hidden">(protected by a PIN)</span>
    </span>
  );
}
