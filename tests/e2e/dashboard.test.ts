import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/people/types';
import { claimScenario, playSession, wellbeingScenario, type PlayOutcome, type TestDb } from '../../electron/main/cohort/testing/fixtures';
import { createProfile } from '../../electron/main/people/profiles';
import type { Scenario } from '../../shared/scenario/schema';
import { artifactsDir, startE2eApp, type E2eApp } from './harness';

/**
 * The facilitator's dashboard and session review in real Chromium (browser mode): numbers
 * checked against the database, filters, the review with manual feedback, and the trainee
 * seeing that feedback on their own session.
 */

const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
const advance = (seconds: number) => (clock.now = new Date(clock.now.getTime() + seconds * 1000));

async function shot(target: Locator | Page, name: string): Promise<void> {
  await target.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => {
    window.location.hash = target;
  }, hash);
}

/** Makes `profile` the active one the way the people screen would, and reloads the page on `hash`. */
async function actAs(app: E2eApp, profile: Profile, hash: string): Promise<void> {
  const switched = await app.core.people.switchTo(profile.id, null);
  expect(switched.ok).toBe(true);
  await goTo(app.page, hash);
  await app.page.reload();
}

const kpi = (page: Page, key: string) => page.getByTestId(`kpi-${key}`).getByTestId('kpi-value').innerText();

/** The facts the dashboard should show, computed here from the database rows themselves. */
async function expectedFigures(app: E2eApp, scenarioId?: string) {
  let query = app.core.database.db.selectFrom('sessions').select(['status', 'total_score', 'flagged', 'started_at', 'completed_at', 'scenario_id']);
  if (scenarioId) query = query.where('scenario_id', '=', scenarioId);
  const rows = await query.execute();
  const completed = rows.filter((row) => row.status === 'completed');
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const oneDecimal = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  const seconds = mean(completed.map((row) => (Date.parse(row.completed_at!) - Date.parse(row.started_at!)) / 1000));
  const minutes = Math.floor(Math.round(seconds) / 60);
  const rest = Math.round(seconds) % 60;
  return {
    sessions: String(rows.length),
    completionRate: `${oneDecimal(Math.round((10_000 * completed.length) / rows.length) / 100)}%`,
    averageScore: oneDecimal(Math.round(mean(completed.map((row) => row.total_score!)) * 10) / 10),
    averageDuration: minutes > 0 ? (rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`) : `${rest} s`,
    flagged: String(rows.filter((row) => row.flagged === 1).length),
  };
}

describe('facilitator dashboard and review (browser mode)', () => {
  let app: E2eApp;
  let page: Page;
  let fran: Profile;
  let ana: Profile;
  let anaFailed = '';
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    app = await startE2eApp({ now: () => clock.now });
    page = app.page;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    fran = await createProfile(app.core.database.db, { displayName: 'Fran Facilitator', role: 'facilitator' });
    ana = await createProfile(app.core.database.db, { displayName: 'Ana Alvarez', role: 'trainee' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a trainee is turned away from the dashboard', async () => {
    await actAs(app, ana, '#/dashboard');
    await page.getByTestId('dashboard-denied').waitFor();
    expect(await page.getByTestId('dashboard-denied').innerText()).toContain('for facilitators and trainers');
    expect(await page.getByTestId('kpi-tiles').count()).toBe(0);
  });

  it('a fresh install shows an intentional empty state', async () => {
    await actAs(app, fran, '#/dashboard');
    const empty = page.getByTestId('dashboard-empty');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('No practice sessions yet');
    expect(await page.getByTestId('kpi-tiles').count()).toBe(0);
    await app.screenshot('dashboard-empty');
  });

  it('shows figures that match the sessions in the database', async () => {
    // The engine plays sessions for several trainees, on days 2, 3 and 4 March.
    const ben = await createProfile(app.core.database.db, { displayName: 'Ben Brooks', role: 'trainee' });
    const cleo = await createProfile(app.core.database.db, { displayName: 'Cleo Chen', role: 'trainee' });
    const t = { engine: app.core.training.engine, advance, clock, database: app.core.database, dir: app.dataDir, cleanup: async () => undefined } satisfies TestDb;
    const play = (who: Profile, scenario: Scenario, outcome: PlayOutcome, secondsPerTurn?: number) => playSession(t, who.id, scenario, outcome, secondsPerTurn);
    await play(ana, claimScenario, 'pass', 240);
    await play(ben, claimScenario, 'pass', 95);
    await play(cleo, wellbeingScenario, 'pass', 60);
    advance(86_400);
    anaFailed = await play(ana, claimScenario, 'fail', 30);
    await play(ben, wellbeingScenario, 'fail', 45);
    await play(cleo, claimScenario, 'abandon');
    advance(86_400);
    await play(ana, wellbeingScenario, 'pass', 50);
    await play(ben, claimScenario, 'in_progress');

    await page.reload();
    await page.getByTestId('dashboard-body').waitFor();

    const expected = await expectedFigures(app);
    expect(await kpi(page, 'sessions')).toBe(expected.sessions);
    expect(await kpi(page, 'completion')).toBe(expected.completionRate);
    expect(await kpi(page, 'score')).toBe(expected.averageScore);
    expect(await kpi(page, 'duration')).toBe(expected.averageDuration);
    expect(await kpi(page, 'flagged')).toBe(expected.flagged);
    expect(expected.sessions).toBe('8');

    // The charts' text alternative lists every scenario's figures (the chart code loads on demand).
    await page.getByTestId('scenario-chart').waitFor();
    const scenarioRows = page.getByTestId('scenario-chart').locator('tbody tr');
    expect(await scenarioRows.count()).toBe(2);
    const claim = await expectedFigures(app, claimScenario.id);
    expect(await scenarioRows.nth(0).locator('th').textContent()).toBe('Claim call');
    expect(await scenarioRows.nth(0).locator('td').allTextContents()).toEqual([claim.sessions, claim.completionRate, claim.averageScore]);
    expect(await page.getByTestId('scenario-chart').locator('canvas').getAttribute('aria-label')).toContain('2 scenarios');
    expect(await page.getByTestId('score-histogram').locator('canvas').count()).toBe(1);

    const trainees = page.getByTestId('trainee-row');
    expect(await trainees.locator('th').allInnerTexts()).toEqual(['Ana Alvarez', 'Ben Brooks', 'Cleo Chen']);
    expect(await trainees.nth(0).locator('td').first().innerText()).toBe('3');

    // Every session reaching the wellbeing disclosure is flagged, with the phrase as the reason.
    const flagged = page.getByTestId('flagged-row');
    expect(await flagged.count()).toBe(Number(expected.flagged));
    for (const reason of await flagged.getByTestId('flag-reason').allInnerTexts()) expect(reason).toContain('“no point anymore”');

    expect(await page.getByTestId('session-row').count()).toBe(8);
    await page.evaluate(() => window.scrollTo(0, 0));
    await app.screenshot('dashboard-light');
  });

  it('reads well in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    // The canvas charts take their colours from the theme.
    await page.waitForTimeout(200);
    await app.screenshot('dashboard-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  });

  it('filters by scenario and by date', async () => {
    await page.getByTestId('filter-scenario').selectOption({ label: 'Wellbeing check-in' });
    const wellbeing = await expectedFigures(app, wellbeingScenario.id);
    await expect.poll(() => kpi(page, 'sessions')).toBe(wellbeing.sessions);
    expect(await kpi(page, 'completion')).toBe(wellbeing.completionRate);
    expect(await kpi(page, 'score')).toBe(wellbeing.averageScore);
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);
    for (const cell of await page.getByTestId('session-row').locator('td:nth-child(3)').allInnerTexts()) expect(cell).toBe('Wellbeing check-in');

    await page.getByTestId('filter-reset').click();
    await expect.poll(() => kpi(page, 'sessions')).toBe('8');
    // 4 March only (the browser runs in UTC here, like the test clock).
    await page.getByTestId('filter-from').fill('2026-03-04');
    await expect.poll(() => kpi(page, 'sessions')).toBe('2');
    await page.getByTestId('filter-reset').click();
    await expect.poll(() => kpi(page, 'sessions')).toBe('8');
  });

  it('opens a session’s review from the list', async () => {
    await page.locator(`[data-testid="session-row"][data-session-id="${anaFailed}"]`).click();
    await page.getByTestId('review-screen').waitFor();
    await page.getByTestId('review-header').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(`#/review/${anaFailed}`);
    expect(await page.getByTestId('review-title').innerText()).toBe('Claim call');
    expect(await page.getByTestId('review-trainee').innerText()).toBe('Ana Alvarez');
    expect(await page.getByTestId('review-status').innerText()).toContain('Completed');
    expect(await page.getByTestId('review-result').innerText()).toBe('Not passed');
    expect(await page.getByTestId('review-score').innerText()).toContain('0');
    expect(await page.getByTestId('review-step').count()).toBe(2);
    // Each of the trainee's answers keeps the automatic feedback they saw.
    const answers = page.locator('[data-testid="review-message"][data-role="trainee"]');
    expect(await answers.count()).toBe(4);
    expect(await page.getByTestId('feedback-card').count()).toBe(4);
  });

  it('adds manual feedback to a step', async () => {
    const step = page.locator('[data-testid="review-step"][data-step-id="details"]');
    const form = step.getByTestId('manual-feedback-form');
    // Nothing is sent without a score.
    await form.getByTestId('manual-comment').fill('Ask where and when it happened before anything else.');
    await form.getByTestId('save-manual-feedback').click();
    expect(await form.getByTestId('manual-feedback-error').innerText()).toContain('0 to 100');

    await form.getByTestId('manual-score').fill('65');
    await form.getByTestId('save-manual-feedback').click();
    const note = step.getByTestId('manual-feedback');
    await note.waitFor();
    expect(await note.innerText()).toContain('Fran Facilitator');
    expect(await note.getByTestId('manual-feedback-score').innerText()).toContain('65');
    expect(await note.getByTestId('manual-feedback-comment').innerText()).toBe('Ask where and when it happened before anything else.');
    expect(await form.getByTestId('manual-feedback-status').innerText()).toContain('Saved');
    expect(await form.getByTestId('manual-comment').inputValue()).toBe('');

    const stored = await app.core.database.db.selectFrom('feedback').selectAll().where('type', '=', 'manual').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ session_id: anaFailed, step_id: 'details', score: 65, author_user_id: fran.id });

    await page.evaluate(() => window.scrollTo(0, 0));
    await app.screenshot('review-manual-feedback');
    await shot(step, 'review-step-manual-feedback');
  });

  it('the trainee sees the manual feedback on their session', async () => {
    await actAs(app, ana, `#/session/${anaFailed}`);
    const section = page.getByTestId('facilitator-feedback');
    await section.waitFor();
    const text = await section.innerText();
    expect(text).toContain('Fran Facilitator');
    expect(text).toContain('Ask where and when it happened before anything else.');
    expect(text).toContain('Ask when and where'); // the step's goal
    await shot(section, 'summary-facilitator-feedback');

    // And the review itself stays closed to them.
    await goTo(page, `#/review/${anaFailed}`);
    await page.getByTestId('review-denied').waitFor();
    expect(consoleErrors.filter((text) => !text.includes('Failed to load resource'))).toEqual([]);
  });
});
