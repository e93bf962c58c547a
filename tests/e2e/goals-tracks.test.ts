import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPackAndSync } from '../../electron/main/content-packs/sync';
import { minimalScenarioYaml, packYaml, writeFiles } from '../../electron/main/content-packs/testing/fixtures';
import { bundledContentDir } from '../../electron/main/paths';
import { artifactsDir, startE2eApp, type E2eApp } from './harness';

/** A pack with a two-scenario track: "Taking details" unlocks once "Greeting basics" is passed with 70 or more. */
function writeCoursePack(dir: string) {
  writeFiles(dir, {
    'pack.yaml': `${packYaml('claims-course', { title: 'Claims course', track: ['course.greeting', 'course.details'] }).replace(
      '    title: Basics\n',
      '    title: Claims basics\n    description: Two short calls, in order. Pass each one to open the next.\n',
    )}`,
    'greeting/scenario.yaml': minimalScenarioYaml('course.greeting', { title: 'Greeting basics' }),
    'details/scenario.yaml': minimalScenarioYaml('course.details', { title: 'Taking details' }),
  });
}

/** Covers the one expected keyword ("policy") of every step of the test scenarios. */
const passingAnswer = 'Thank you for calling. Could I have your policy number, please?';

const REASON = 'Pass “Greeting basics” with at least 70 to unlock';

async function shot(target: Locator | Page, name: string): Promise<void> {
  await target.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((value) => {
    document.documentElement.dataset.theme = value;
  }, theme);
  // Buttons fade between colours (120 ms): let them settle before a screenshot.
  await page.waitForTimeout(400);
}

describe('personal goals and tracks (browser mode)', () => {
  let app: E2eApp;
  let page: Page;
  let packParent: string;

  beforeAll(async () => {
    app = await startE2eApp();
    page = app.page;
    packParent = mkdtempSync(join(tmpdir(), 'chattrain-e2e-pack-'));
    const packDir = join(packParent, 'claims-course');
    writeCoursePack(packDir);
    const { result } = await importPackAndSync({ db: app.core.database.db, dataDir: app.dataDir, bundledContentDir: bundledContentDir() }, packDir);
    expect(result.problems).toEqual([]);
    await page.reload();
    await page.getByTestId('scenario-grid').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    if (packParent) rmSync(packParent, { recursive: true, force: true });
  });

  it('starts with an empty goals screen that explains SMART goals', async () => {
    await page.getByTestId('nav-goals').click();
    await page.getByTestId('goals-empty').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/goals');
    const empty = await page.getByTestId('goals-empty').innerText();
    for (const part of ['Specific', 'Measurable', 'Achievable', 'Relevant', 'Time-bound']) expect(empty).toContain(part);
    expect(await page.getByTestId('goals-to-library').isVisible()).toBe(true);
    await app.screenshot('goals-empty');
  });

  it('creates a goal from the form, refusing it while a part is missing', async () => {
    await page.getByTestId('first-goal').click();
    const form = page.getByTestId('new-goal-form');
    await form.waitFor();
    // Each part has its guidance next to it.
    expect(await page.getByTestId('new-goal-panel').innerText()).toContain('How will you know you did it?');
    await page.getByTestId('new-goal-form-specific').fill('Ask for the policy number in the first minute of every claim call');
    await page.getByTestId('new-goal-form-save').click();
    expect(await page.getByTestId('new-goal-form-error').innerText()).toBe('Fill in: Measurable, Achievable, Relevant, Time-bound.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-goal-form-measurable');
    await page.getByTestId('new-goal-form-measurable').fill('In 4 of my next 5 practice sessions');
    await page.getByTestId('new-goal-form-achievable').fill('Using the greeting checklist from the claim guide');
    await page.getByTestId('new-goal-form-relevant').fill('Callers feel heard and claims start faster');
    await page.getByTestId('new-goal-form-time_bound').fill('By the end of this month');
    await app.screenshot('goals-new-form');
    await page.getByTestId('new-goal-form-save').click();

    const card = page.getByTestId('goal-card');
    await card.waitFor();
    expect(await card.getByTestId('goal-title').innerText()).toBe('Ask for the policy number in the first minute of every claim call');
    expect(await card.getByTestId('goal-status').innerText()).toBe('In progress');
    expect(await card.getByTestId('goal-progress-value').innerText()).toBe('No check-ins yet');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('goal-title');
    const stored = await app.core.database.db.selectFrom('goals').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ measurable: 'In 4 of my next 5 practice sessions', status: 'active' });
  });

  it('adds two check-ins and shows the progress and the history; refuses an out-of-range value', async () => {
    const card = page.getByTestId('goal-card');
    await card.getByTestId('add-checkin').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('checkin-progress');
    await card.getByTestId('checkin-progress').fill('150');
    await card.getByTestId('checkin-save').click();
    expect(await card.getByTestId('checkin-error').innerText()).toContain('from 0 to 100');
    expect(await app.core.database.db.selectFrom('goal_checkins').selectAll().execute()).toHaveLength(0);

    await card.getByTestId('checkin-progress').fill('30');
    await card.getByTestId('checkin-note').fill('Asked first in 2 of 3 calls; forgot when the caller was upset.');
    await card.getByTestId('checkin-save').click();
    await card.getByTestId('checkin-form').waitFor({ state: 'detached' });
    expect(await card.getByTestId('goal-progress-value').innerText()).toBe('30%');

    await card.getByTestId('add-checkin').click();
    // The slider starts at the latest progress; the number follows it.
    expect(await card.getByTestId('checkin-slider').inputValue()).toBe('30');
    await card.getByTestId('checkin-slider').fill('65');
    expect(await card.getByTestId('checkin-progress').inputValue()).toBe('65');
    await card.getByTestId('checkin-note').fill('Used the checklist: asked first every time this week.');
    await app.screenshot('goal-checkin-form');
    await card.getByTestId('checkin-save').click();
    await card.getByTestId('checkin-form').waitFor({ state: 'detached' });

    expect(await card.getByTestId('goal-progress-value').innerText()).toBe('65%');
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('65');
    expect(await card.getByTestId('checkin-value').allInnerTexts()).toEqual(['65%', '30%']);
    expect(await card.getByTestId('checkin-note-text').first().innerText()).toBe('Used the checklist: asked first every time this week.');

    // A second goal, abandoned: listed below the open one.
    await page.getByTestId('new-goal').click();
    await page.getByTestId('new-goal-form-specific').fill('Summarise the claim before ending every call');
    await page.getByTestId('new-goal-form-measurable').fill('Every call of the next two weeks');
    await page.getByTestId('new-goal-form-achievable').fill('A recap template on a sticky note');
    await page.getByTestId('new-goal-form-relevant').fill('Fewer call-backs about what happens next');
    await page.getByTestId('new-goal-form-time_bound').fill('Two weeks from today');
    await page.getByTestId('new-goal-form-save').click();
    const second = page.locator('[data-testid="goal-card"]', { hasText: 'Summarise the claim' });
    await second.waitFor();
    await second.getByTestId('goal-abandon').click();
    await page.getByTestId('closed-goals').getByTestId('goal-title').getByText('Summarise the claim before ending every call').waitFor();
    expect(await page.getByTestId('open-goals').getByTestId('goal-card').count()).toBe(1);

    // After a reload everything is read back from main.
    await page.reload();
    await page.getByTestId('goal-card').first().waitFor();
    const first = page.getByTestId('goal-card').first();
    await first.getByTestId('checkin-item').nth(1).waitFor();
    expect(await first.getByTestId('checkin-value').allInnerTexts()).toEqual(['65%', '30%']);
    await app.screenshot('goals-with-checkins');
    await useTheme(page, 'dark');
    await app.screenshot('goals-with-checkins-dark');
    await useTheme(page, 'light');

    // Narrow window: the check-ins go under the goal, nothing spills sideways.
    await page.setViewportSize({ width: 720, height: 900 });
    try {
      const fits = await page.getByTestId('goals-screen').evaluate((main) => main.scrollWidth <= main.clientWidth);
      expect(fits).toBe(true);
      await app.screenshot('goals-720');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  it('deletes a goal only after confirming', async () => {
    const abandoned = page.locator('[data-testid="goal-card"][data-status="abandoned"]');
    await abandoned.getByTestId('goal-delete').click();
    const dialog = abandoned.getByTestId('delete-goal-dialog');
    await dialog.getByTestId('dialog-cancel').waitFor();
    expect(await dialog.innerText()).toContain('Summarise the claim before ending every call');
    await dialog.getByTestId('dialog-cancel').click();
    expect(await page.getByTestId('goal-card').count()).toBe(2);
    await abandoned.getByTestId('goal-delete').click();
    await dialog.getByTestId('dialog-confirm').click();
    await page.getByTestId('closed-goals').waitFor({ state: 'detached' });
    expect(await page.getByTestId('goal-card').count()).toBe(1);
    expect(await app.core.database.db.selectFrom('goals').select('specific').execute()).toEqual([
      { specific: 'Ask for the policy number in the first minute of every claim call' },
    ]);
  });

  it('the library shows the track: the first scenario next, the second locked with the reason', async () => {
    await page.getByTestId('goals-screen').waitFor();
    await page.goBack();
    await page.getByTestId('tracks').waitFor();
    const track = page.getByTestId('track');
    expect(await track.getByRole('heading').innerText()).toBe('Claims basics');
    expect(await track.getByTestId('track-count').innerText()).toBe('0 of 2 passed');
    const steps = track.getByTestId('track-step');
    expect(await steps.evaluateAll((items) => items.map((item) => [item.getAttribute('data-scenario-id'), item.getAttribute('data-state')]))).toEqual([
      ['course.greeting', 'next'],
      ['course.details', 'locked'],
    ]);
    expect(await steps.nth(1).getByTestId('track-step-reason').innerText()).toBe(REASON);

    const lockedCard = page.locator('[data-testid="scenario-card"][data-scenario-id="course.details"]');
    expect(await lockedCard.getAttribute('data-locked')).toBe('true');
    expect(await lockedCard.getByTestId('scenario-lock').innerText()).toContain(REASON);
    expect(await page.locator('[data-testid="scenario-card"][data-scenario-id="course.greeting"]').getAttribute('data-locked')).toBeNull();
    expect(await page.locator('[data-testid="scenario-card"][data-scenario-id="insurance.claim_handling.v1"]').getAttribute('data-locked')).toBeNull();
    await page.getByTestId('results-count').waitFor();
    await app.screenshot('library-track-locked');
    await useTheme(page, 'dark');
    await shot(page.getByTestId('tracks'), 'library-track-locked-dark');
    await useTheme(page, 'light');
  });

  it('the locked scenario’s page says why and offers no start; main refuses it too', async () => {
    await page.locator('[data-testid="open-scenario"][data-scenario-id="course.details"]').click();
    await page.getByTestId('scenario-locked').waitFor();
    const start = page.getByTestId('start-practice');
    expect(await start.isDisabled()).toBe(true);
    expect(await start.innerText()).toBe('Locked');
    expect(await page.getByTestId('scenario-lock-reason').innerText()).toBe(`Locked in the track “Claims basics”. ${REASON}.`);
    await app.screenshot('scenario-locked');
    // It points at the scenario to pass first.
    await page.getByTestId('open-unlocking-scenario').click();
    await page.getByTestId('scenario-title').getByText('Greeting basics').waitFor();
    expect(await page.getByTestId('start-practice').isEnabled()).toBe(true);
    await page.goBack();
    await page.getByTestId('scenario-locked').waitFor();

    // With out-of-date locks in the page, main still refuses and its sentence is shown.
    await page.route('**/api/invoke', async (route) => {
      const body = route.request().postDataJSON() as { channel: string };
      if (body.channel !== 'tracks.locks') return route.continue();
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: {} }) });
    });
    await page.getByTestId('back-to-library').click();
    await page.locator('[data-testid="scenario-card"][data-scenario-id="course.details"]:not([data-locked])').waitFor();
    await page.locator('[data-testid="open-scenario"][data-scenario-id="course.details"]').click();
    await page.getByTestId('scenario-title').waitFor();
    await page.getByTestId('start-practice').click();
    await page.getByTestId('start-practice-error').waitFor();
    expect(await page.getByTestId('start-practice-error').innerText()).toContain(`“Taking details” is locked in the track “Claims basics”. ${REASON} it.`);
    expect(await app.core.database.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    await page.unroute('**/api/invoke');
    await page.getByTestId('back-to-library').click();
  });

  it('passing the first scenario unlocks the second', async () => {
    await page.locator('[data-testid="open-scenario"][data-scenario-id="course.greeting"]').click();
    await page.getByTestId('start-practice').click();
    await page.getByTestId('begin-session').click();
    for (let step = 0; step < 2; step++) {
      const input = page.getByTestId('answer-input');
      await input.waitFor();
      await page.waitForFunction(() => !document.querySelector<HTMLTextAreaElement>('[data-testid="answer-input"]')?.disabled);
      await input.fill(passingAnswer);
      await input.press('Enter');
      if (step === 0) await page.getByTestId('feedback-card').first().waitFor();
    }
    await page.getByTestId('summary-screen').waitFor();
    expect(await page.getByTestId('summary-result').innerText()).toBe('Passed');

    // The summary's "make this a personal SMART goal" still lands on the goals screen, with its scenario.
    await page.getByTestId('goal-specific').fill('Open every call with the policy number');
    await page.getByTestId('goal-measurable').fill('Every practice session');
    await page.getByTestId('goal-achievable').fill('It is the first line of my checklist');
    await page.getByTestId('goal-relevant').fill('Claims start without delay');
    await page.getByTestId('goal-time_bound').fill('From today');
    await page.getByTestId('save-goal').click();
    await page.getByTestId('goal-saved').waitFor();

    await page.getByTestId('back-to-library').click();
    await page.locator('[data-testid="track-step"][data-scenario-id="course.details"][data-state="next"]').waitFor();
    const steps = page.getByTestId('track-step');
    expect(await steps.evaluateAll((items) => items.map((item) => item.getAttribute('data-state')))).toEqual(['passed', 'next']);
    expect(await steps.first().getByTestId('track-step-state').innerText()).toBe('Passed · best 100');
    expect(await page.getByTestId('track-count').innerText()).toBe('1 of 2 passed');
    expect(await page.locator('[data-testid="scenario-card"][data-locked]').count()).toBe(0);
    await shot(page.getByTestId('tracks'), 'library-track-unlocked');

    await page.locator('[data-testid="open-scenario"][data-scenario-id="course.details"]').click();
    await page.getByTestId('scenario-title').waitFor();
    expect(await page.getByTestId('scenario-locked').count()).toBe(0);
    expect(await page.getByTestId('start-practice').isEnabled()).toBe(true);
    expect(await page.getByTestId('start-practice').innerText()).toBe('Start practice');

    await page.getByTestId('back-to-library').click();
    await page.getByTestId('nav-goals').click();
    const fromSummary = page.locator('[data-testid="goal-card"]', { hasText: 'Open every call with the policy number' });
    await fromSummary.waitFor();
    expect(await fromSummary.innerText()).toContain('from Greeting basics');
  });
});
