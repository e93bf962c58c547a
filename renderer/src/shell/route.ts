import type { Screen } from '../store/types';

/**
 * The screen lives in the address bar's hash, so reloading the page (or coming back with
 * the browser's Back button) shows the same library, scenario, session or settings:
 * `#/scenario/<id>`, `#/session/<id>`, `#/settings`, and no hash for the library.
 */
export function screenToHash(screen: Screen): string {
  switch (screen.name) {
    case 'library':
      return '';
    case 'scenario':
      return `#/scenario/${encodeURIComponent(screen.scenarioId)}`;
    case 'session':
      return `#/session/${encodeURIComponent(screen.sessionId)}`;
    case 'settings':
      return '#/settings';
  }
}

export function hashToScreen(hash: string): Screen {
  if (/^#\/settings\/?$/.test(hash)) return { name: 'settings' };
  const match = /^#\/(scenario|session)\/([^/?#]+)\/?$/.exec(hash);
  if (!match) return { name: 'library' };
  let id: string;
  try {
    id = decodeURIComponent(match[2]!);
  } catch {
    return { name: 'library' };
  }
  if (id.trim() === '' || id.length > 200) return { name: 'library' };
  return match[1] === 'scenario' ? { name: 'scenario', scenarioId: id } : { name: 'session', sessionId: id };
}

export function sameScreen(a: Screen, b: Screen): boolean {
  return screenToHash(a) === screenToHash(b);
}
