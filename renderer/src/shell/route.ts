import type { Screen } from '../store/types';

/** Areas addressed by a fixed hash. */
const areaHashes = {
  settings: '#/settings',
  dashboard: '#/dashboard',
  workshop: '#/workshop',
  'data-care': '#/data',
  people: '#/people',
  goals: '#/goals',
} as const satisfies Record<string, string>;

type FixedScreen = keyof typeof areaHashes;

/**
 * The screen lives in the address bar's hash, so reloading the page (or coming back with
 * the browser's Back button) shows the same screen: `#/scenario/<id>`, `#/session/<id>`,
 * `#/review/<sessionId>`, a fixed hash per area (`#/settings`, `#/dashboard`, …), and no
 * hash for the library.
 */
export function screenToHash(screen: Screen): string {
  switch (screen.name) {
    case 'library':
      return '';
    case 'scenario':
      return `#/scenario/${encodeURIComponent(screen.scenarioId)}`;
    case 'session':
      return `#/session/${encodeURIComponent(screen.sessionId)}`;
    case 'review':
      return `#/review/${encodeURIComponent(screen.sessionId)}`;
    default:
      return areaHashes[screen.name];
  }
}

export function hashToScreen(hash: string): Screen {
  for (const [name, fixed] of Object.entries(areaHashes) as [FixedScreen, string][]) {
    if (hash === fixed || hash === `${fixed}/`) return { name };
  }
  const match = /^#\/(scenario|session|review)\/([^/?#]+)\/?$/.exec(hash);
  if (!match) return { name: 'library' };
  let id: string;
  try {
    id = decodeURIComponent(match[2]!);
  } catch {
    return { name: 'library' };
  }
  if (id.trim() === '' || id.length > 200) return { name: 'library' };
  if (match[1] === 'scenario') return { name: 'scenario', scenarioId: id };
  return match[1] === 'review' ? { name: 'review', sessionId: id } : { name: 'session', sessionId: id };
}

export function sameScreen(a: Screen, b: Screen): boolean {
  return screenToHash(a) === screenToHash(b);
}
