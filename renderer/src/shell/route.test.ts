import { describe, expect, it } from 'vitest';
import { hashToScreen, sameScreen, screenToHash } from './route';

describe('screen ↔ hash', () => {
  it('round-trips every screen', () => {
    for (const screen of [
      { name: 'library' as const },
      { name: 'scenario' as const, scenarioId: 'insurance.claim_handling.v1' },
      { name: 'session' as const, sessionId: '0b6f3c5e-6d0e-4c1e-9a51-4f1f3a2f9d10' },
      { name: 'settings' as const },
      { name: 'dashboard' as const },
      { name: 'review' as const, sessionId: '0b6f3c5e-6d0e-4c1e-9a51-4f1f3a2f9d10' },
      { name: 'workshop' as const },
      { name: 'data-care' as const },
      { name: 'people' as const },
      { name: 'goals' as const },
    ]) {
      expect(hashToScreen(screenToHash(screen))).toEqual(screen);
    }
    expect(screenToHash({ name: 'library' })).toBe('');
    expect(screenToHash({ name: 'session', sessionId: 'abc' })).toBe('#/session/abc');
    expect(screenToHash({ name: 'settings' })).toBe('#/settings');
    expect(hashToScreen('#/settings/')).toEqual({ name: 'settings' });
    expect(screenToHash({ name: 'data-care' })).toBe('#/data');
    expect(hashToScreen('#/review/abc')).toEqual({ name: 'review', sessionId: 'abc' });
  });

  it('treats anything else as the library', () => {
    for (const hash of ['', '#', '#/', '#/session/', '#/unknown/x', '#/session/a/b', '#/session/%E0%A4%A', '#/settings/x', '#/settingsx', '#/dashboardx', '#/review/', 'garbage']) {
      expect(hashToScreen(hash)).toEqual({ name: 'library' });
    }
  });

  it('compares screens by what they show', () => {
    expect(sameScreen({ name: 'session', sessionId: 'a' }, { name: 'session', sessionId: 'a' })).toBe(true);
    expect(sameScreen({ name: 'session', sessionId: 'a' }, { name: 'session', sessionId: 'b' })).toBe(false);
    expect(sameScreen({ name: 'library' }, { name: 'scenario', scenarioId: 'a' })).toBe(false);
  });
});
