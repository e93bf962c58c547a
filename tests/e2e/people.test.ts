import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, startE2eApp, type E2eApp } from './harness';

/** A screenshot of one part of the page (full-page shots repeat the sticky header mid-page when scrolled). */
async function shot(target: Locator | Page, name: string): Promise<void> {
  await target.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

async function text(locator: Locator): Promise<string> {
  return (await locator.innerText()).trim();
}

/** Waits until the header says `name` is the active profile. */
async function activeProfileIs(page: Page, name: string): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector('[data-testid="current-profile-name"]')?.textContent === expected, name, { timeout: 10_000 });
}

async function openSwitcher(page: Page): Promise<void> {
  await page.getByTestId('profile-switcher').click();
  await page.getByTestId('profile-menu').waitFor();
  await page.getByTestId('profile-option').first().waitFor();
}

/** Switches the colour theme; waits out the buttons' colour transitions before any screenshot. */
async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
  await page.waitForTimeout(300);
}

function option(page: Page, name: string): Locator {
  return page.locator(`[data-testid="profile-option"][data-profile-name="${name}"]`);
}

/** Profiles, the switcher with PINs, and what the header offers to each role, in Chromium. */
describe('profiles and switching (browser mode)', () => {
  let app: E2eApp;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    app = await startE2eApp();
    page = app.page;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await activeProfileIs(page, 'Trainee');
    // The default trainee has practised once (begun, not finished).
    const trainee = await app.core.handlers['profiles.current'](undefined);
    const view = await app.core.training.create('insurance.claim_handling.v1', trainee.id);
    await app.core.training.start(view.session.id);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('starts as the default trainee, with no facilitator links', async () => {
    const switcher = page.getByTestId('profile-switcher');
    expect(await switcher.getAttribute('data-role')).toBe('trainee');
    expect(await text(switcher)).toContain('Trainee');
    expect(await page.getByTestId('nav-goals').isVisible()).toBe(true);
    expect(await page.getByTestId('nav-people').isVisible()).toBe(true);
    expect(await page.getByTestId('open-settings').isVisible()).toBe(true);
    for (const hidden of ['nav-dashboard', 'nav-workshop', 'nav-data']) expect(await page.getByTestId(hidden).count()).toBe(0);
  });

  it('adds a facilitator with a PIN from the profiles screen (the first one may be added by anyone)', async () => {
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-screen').waitFor();
    expect(await page.getByTestId('nav-people').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('profile-row').first().waitFor();
    expect(await page.getByTestId('profile-row').count()).toBe(1);
    await page.getByTestId('first-facilitator-hint').waitFor();
    await shot(page, 'people-trainee-light');

    await page.getByTestId('new-profile-name').fill('Fran Okafor');
    await page.getByTestId('new-profile-role-facilitator').check();
    // A mismatched repetition is caught before anything is sent.
    await page.getByTestId('new-profile-pin').fill('2468');
    await page.getByTestId('new-profile-pin-repeat').fill('2460');
    await page.getByTestId('add-profile-submit').click();
    expect(await text(page.getByTestId('new-profile-pin-problem'))).toBe('The two PINs are not the same.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-profile-pin-repeat');
    await page.getByTestId('new-profile-pin-repeat').fill('2468');
    await page.getByTestId('add-profile-submit').click();

    await page.getByTestId('people-notice').waitFor();
    expect(await text(page.getByTestId('people-notice'))).toContain('Added Fran Okafor (facilitator, with a PIN).');
    const row = page.getByTestId('profile-row').filter({ hasText: 'Fran Okafor' });
    await row.waitFor();
    expect(await row.getAttribute('data-role')).toBe('facilitator');
    expect(await text(row.getByTestId('pin-state'))).toBe('PIN set');

    // With a facilitator in place, a trainee can add trainees only.
    expect(await page.getByTestId('new-profile-role-facilitator').count()).toBe(0);
    expect(await text(page.getByTestId('add-profile'))).toContain('Add a trainee profile');
  });

  it('asks for the PIN when switching: a wrong PIN says how many attempts are left, the right one switches', async () => {
    await openSwitcher(page);
    expect(await page.getByTestId('profile-option').count()).toBe(2);
    expect(await option(page, 'Fran Okafor').getAttribute('data-has-pin')).toBe('true');
    expect(await option(page, 'Trainee').getAttribute('aria-checked')).toBe('true');
    // Keyboard: the menu has focus on the active profile, arrows move.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Trainee');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Fran Okafor');
    await shot(page, 'people-switcher-open');

    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('pin-dialog');
    await dialog.waitFor();
    expect(await text(dialog)).toContain('Enter the PIN for Fran Okafor');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pin-input');

    // Escape cancels and hands focus back to the switcher.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('profile-switcher');
    await activeProfileIs(page, 'Trainee');

    await openSwitcher(page);
    await option(page, 'Fran Okafor').click();
    await dialog.waitFor();
    await page.getByTestId('pin-input').fill('1111');
    await page.getByTestId('pin-input').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="pin-message"]')?.textContent?.includes('Wrong PIN'));
    expect(await text(page.getByTestId('pin-message'))).toBe('Wrong PIN. 4 more attempts before a lock-out.');
    expect(await page.getByTestId('pin-input').inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pin-input');
    await page.waitForTimeout(300);
    await shot(page, 'people-pin-wrong');
    expect(await page.getByTestId('people-screen').count()).toBe(1);

    await page.getByTestId('pin-input').fill('2468');
    await page.getByTestId('pin-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await activeProfileIs(page, 'Fran Okafor');
    // A switch starts from the library, with the new person's data.
    await page.getByTestId('library-screen').waitFor();
    expect(await page.getByTestId('profile-switcher').getAttribute('data-role')).toBe('facilitator');
  });

  it('shows the facilitator areas to a facilitator, and keeps the header tidy at 1280 and 900 px', async () => {
    for (const link of ['nav-dashboard', 'nav-workshop', 'nav-data', 'nav-goals', 'nav-people', 'open-settings']) {
      expect(await page.getByTestId(link).isVisible()).toBe(true);
    }
    const header = page.getByTestId('app-header');
    const fits = () => page.evaluate(() => {
      const inner = document.querySelector('.app-header-inner')!;
      return { overflow: inner.scrollWidth - inner.clientWidth, height: document.querySelector('.app-header')!.getBoundingClientRect().height };
    });
    expect(await fits()).toEqual({ overflow: 0, height: 56 });
    await shot(header, 'people-header-facilitator-1280');

    await page.setViewportSize({ width: 900, height: 860 });
    expect(await fits()).toEqual({ overflow: 0, height: 56 });
    // Icons only now, still named for assistive tech.
    expect(await page.getByTestId('nav-dashboard').getAttribute('title')).toBe('Dashboard');
    expect(await page.getByRole('button', { name: 'Dashboard' }).count()).toBe(1);
    await shot(header, 'people-header-facilitator-900');
    await openSwitcher(page);
    await shot(page, 'people-switcher-open-900');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByTestId('nav-dashboard').click();
    expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
    expect(page.url()).toContain('#/dashboard');
  });

  it('as a facilitator, manages every profile; a locked-out profile says when to try again', async () => {
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-screen').waitFor();
    await page.getByTestId('profile-row').nth(1).waitFor();
    expect(await page.getByTestId('manage-profile').count()).toBe(2);

    const franRow = page.getByTestId('profile-row').filter({ hasText: 'Fran Okafor' });
    await franRow.getByTestId('manage-profile').click();
    await franRow.getByTestId('profile-editor').waitFor();

    // The last facilitator cannot step down: main refuses, and the refusal is shown.
    await franRow.getByTestId('role-option-trainee').check();
    await franRow.getByTestId('role-submit').click();
    await franRow.getByTestId('role-error').waitFor();
    expect(await text(franRow.getByTestId('role-error'))).toContain('You are the only facilitator or trainer');
    await franRow.getByTestId('role-option-facilitator').check();

    // A trainer with a PIN, added by the facilitator.
    await page.getByTestId('new-profile-name').fill('Tess');
    await page.getByTestId('new-profile-role-trainer').check();
    await page.getByTestId('new-profile-pin').fill('1357');
    await page.getByTestId('new-profile-pin-repeat').fill('1357');
    await page.getByTestId('add-profile-submit').click();
    await page.getByTestId('profile-row').filter({ hasText: 'Tess' }).waitFor();
    expect(await text(page.getByTestId('people-notice'))).toContain('Added Tess (trainer, with a PIN).');

    await shot(page, 'people-facilitator-light');
    await setTheme(page, 'dark');
    await shot(page, 'people-facilitator-dark');
    await setTheme(page, 'light');

    await openSwitcher(page);
    await option(page, 'Tess').click();
    const dialog = page.getByTestId('pin-dialog');
    await dialog.waitFor();
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByTestId('pin-input').fill('0000');
      await page.getByTestId('pin-submit').click();
      await page.waitForFunction((n) => document.querySelector('[data-testid="pin-message"]')?.textContent?.match(n === 4 ? /Locked/ : new RegExp(`${4 - n} more attempt`)), attempt);
    }
    expect(await text(page.getByTestId('pin-message'))).toMatch(/^Wrong PIN\. Locked after too many wrong PINs: try again in 0:(30|29)\.$/);
    expect(await page.getByTestId('pin-submit').isDisabled()).toBe(true);
    await setTheme(page, 'dark');
    await shot(page, 'people-pin-locked-dark');
    await setTheme(page, 'light');
    await page.getByTestId('pin-cancel').click();
    await dialog.waitFor({ state: 'hidden' });

    // Opening it again still shows the lock-out before anyone types.
    await openSwitcher(page);
    await option(page, 'Tess').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="pin-message"]')?.textContent?.startsWith('Locked after too many wrong PINs'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await activeProfileIs(page, 'Fran Okafor');
  });

  it("as a facilitator, deletes a trainee's data after a confirmation that says what goes, and shows the counts", async () => {
    const row = page.getByTestId('profile-row').filter({ hasText: 'Trainee' }).filter({ hasNotText: 'Fran' });
    await row.getByTestId('manage-profile').click();
    await row.getByTestId('delete-data').click();
    const confirm = page.locator('[data-testid="delete-dialog"][open]');
    await confirm.waitFor();
    const said = await text(confirm);
    expect(said).toContain('Delete all data of Trainee?');
    expect(said).toContain('practice sessions, with every message, feedback, score, summary and risk alert in them');
    expect(said).toContain('The profile itself stays');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('dialog-cancel');
    await page.waitForTimeout(300); // the dialog fades in
    await shot(page, 'people-delete-confirm');
    await confirm.getByTestId('dialog-confirm').click();
    await confirm.waitFor({ state: 'hidden' });
    // Said beside the buttons used (the page is scrolled down to them).
    const done = row.getByTestId('section-done');
    await done.waitFor();
    const notice = await text(done);
    expect(await done.isVisible()).toBe(true);
    expect(notice).toMatch(/^Deleted 1 session, 1 message, 0 goals, 0 reflections and \d+ activity records? of Trainee\. The profile stays\.$/);
    expect(await app.core.database.db.selectFrom('sessions').select('id').execute()).toEqual([]);
    await shot(page, 'people-deleted-notice');
  });

  it('switches back to the trainee without a PIN, and the facilitator links go', async () => {
    await openSwitcher(page);
    await option(page, 'Trainee').click();
    await activeProfileIs(page, 'Trainee');
    expect(await page.getByTestId('pin-dialog').isVisible()).toBe(false);
    await page.getByTestId('nav-goals').waitFor();
    for (const hidden of ['nav-dashboard', 'nav-workshop', 'nav-data']) expect(await page.getByTestId(hidden).count()).toBe(0);
    expect(page.url()).not.toContain('#/people');

    // Main agrees: the trainee is the one acting now.
    const current = await app.core.handlers['profiles.current'](undefined);
    expect(current).toMatchObject({ displayName: 'Trainee', role: 'trainee' });
    expect(consoleErrors).toEqual([]);
  });
});
