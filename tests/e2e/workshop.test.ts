import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatTrainCore } from '../../electron/main/chattrain-core';
import { goodPackFiles, minimalScenarioYaml, zipOf } from '../../electron/main/content-packs/testing/fixtures';
import { createProfile } from '../../electron/main/people/profiles';
import { startE2eApp, type E2eApp } from './harness';

const SCENARIO = 'insurance.claim_handling.v1';
const GREETING = "I'm so sorry to hear that, it sounds really stressful. I'm here to help. Could I have your policy number?";

/** A session played through the app's own training service; `complete` ends it after one answer. */
async function play(core: ChatTrainCore, userId: string, scenarioId: string, complete: boolean): Promise<string> {
  const { session } = await core.training.create(scenarioId, userId);
  await core.training.start(session.id);
  await core.training.answer(session.id, GREETING);
  if (complete) await core.training.end(session.id);
  return session.id;
}

async function becomeFacilitator(app: E2eApp, name: string): Promise<void> {
  const profile = await createProfile(app.core.database.db, { displayName: name, role: 'facilitator' });
  expect((await app.core.people.switchTo(profile.id, null)).ok).toBe(true);
}

async function openWorkshop(app: E2eApp): Promise<Page> {
  const { page } = app;
  // A reload, so the page starts over as the profile main now has active.
  await page.goto(`${new URL(app.server.url).origin}/#/workshop`);
  await page.reload();
  await page.getByTestId('workshop-screen').waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(process.cwd(), 'test-artifacts', 'screenshots', `${name}.png`), fullPage: true });
}

/** Clicks `testId` and hands `file` to the file picker it opens (browser mode uploads it). */
async function chooseFile(page: Page, testId: string, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(testId).click()]);
  await chooser.setFiles(file);
}

describe('workshop screen (browser mode)', () => {
  let laptopA: E2eApp;
  let laptopB: E2eApp | undefined;
  let page: Page;
  let sessions: string[] = [];
  let bundleFile = '';
  const work = mkdtempSync(join(tmpdir(), 'chattrain-e2e-workshop-'));

  beforeAll(async () => {
    laptopA = await startE2eApp();
    const { db } = laptopA.core.database;
    const ana = await createProfile(db, { displayName: 'Ana Lima', role: 'trainee' });
    const ben = await createProfile(db, { displayName: 'Ben, "the new one"', role: 'trainee' });
    sessions = [await play(laptopA.core, ana.id, SCENARIO, true), await play(laptopA.core, ana.id, SCENARIO, false), await play(laptopA.core, ben.id, SCENARIO, true)];
    page = laptopA.page;
  });

  afterAll(async () => {
    await laptopB?.close();
    await laptopA?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('is closed to a trainee', async () => {
    await openWorkshop(laptopA);
    const denied = page.getByTestId('workshop-denied');
    await denied.waitFor();
    expect(await denied.innerText()).toContain('facilitator');
    expect(await page.getByTestId('tab-gather').count()).toBe(0);
    await shot(page, 'workshop-denied');
  });

  it('exports the cohort CSV as a download, with the count shown first', async () => {
    await becomeFacilitator(laptopA, 'Fay Facilitator');
    await openWorkshop(laptopA);
    await page.getByTestId('tab-report').click();
    const preview = page.getByTestId('cohort-preview');
    await expect.poll(() => preview.innerText()).toBe('3 sessions will be exported.');
    await page.locator('#cohort-filter-trainee').selectOption({ label: 'Ana Lima (2)' });
    await expect.poll(() => preview.innerText()).toBe('2 sessions will be exported.');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => preview.innerText()).toBe('3 sessions will be exported.');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-cohort').click()]);
    expect(download.suggestedFilename()).toMatch(/^chattrain-cohort-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('session_id,trainee,scenario_id,scenario_version,variant,status,completion_reason,started_at,completed_at,duration_seconds,total_score,passed,step_count,flagged');
    expect(lines).toHaveLength(5); // header, three rows, the final CRLF
    for (const id of sessions) expect(csv).toContain(id);
    expect(csv).toContain('"Ben, ""the new one"""');
    const result = page.getByTestId('cohort-export-result');
    expect(await result.innerText()).toBe(`Exported 3 sessions as CSV — downloaded as ${download.suggestedFilename()}.`);
    expect(await page.getByTestId('cohort-doc').innerText()).toContain('duration_seconds');
    await shot(page, 'workshop-report-csv');

    await page.getByTestId('format-xapi').check();
    await expect.poll(() => preview.innerText()).toBe('4 statements for 2 completed sessions will be exported.');
    expect(await page.getByTestId('export-cohort').innerText()).toBe('Export xAPI statements');
  });

  it('exports a bundle from one laptop and imports it on another, with the counts', async () => {
    await page.getByTestId('tab-gather').click();
    expect(await page.getByTestId('gather-hint').innerText()).toContain('several laptops');
    await expect.poll(() => page.getByTestId('bundle-preview').innerText()).toBe('3 sessions will go into the bundle.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-bundle').click()]);
    expect(download.suggestedFilename()).toMatch(/\.chattrain-bundle$/);
    bundleFile = join(work, download.suggestedFilename());
    await download.saveAs(bundleFile);
    expect(readFileSync(bundleFile).subarray(0, 40).toString('utf8')).toContain('"format":"chattrain-workshop-bundle"');
    expect(await page.getByTestId('bundle-export-result').innerText()).toMatch(/^Bundle of 3 sessions \(\d+ messages, 2 profiles\) downloaded as chattrain-sessions-/);
    await shot(page, 'workshop-gather-export');

    laptopB = await startE2eApp();
    await becomeFacilitator(laptopB, 'Gus Gatherer');
    const pageB = await openWorkshop(laptopB);
    await expect.poll(() => pageB.getByTestId('bundle-preview').innerText()).toBe('No sessions match these filters.');
    expect(await pageB.getByTestId('export-bundle').isDisabled()).toBe(true);

    await chooseFile(pageB, 'import-bundle', bundleFile);
    const result = pageB.getByTestId('bundle-import-result');
    await result.waitFor();
    expect(await result.innerText()).toBe(`Imported ${download.suggestedFilename()}: 3 new sessions.`);
    expect(await pageB.getByTestId('added-sessions').innerText()).toBe('3');
    expect(await pageB.getByTestId('added-users').innerText()).toBe('2');
    // The gathered sessions count on this laptop now.
    await expect.poll(() => pageB.getByTestId('bundle-preview').innerText()).toBe('3 sessions will go into the bundle.');
    await shot(pageB, 'workshop-gather-import');

    await chooseFile(pageB, 'import-bundle', bundleFile);
    await expect.poll(() => result.innerText()).toBe(`Nothing new in ${download.suggestedFilename()}: all 3 sessions were already here.`);
    expect(await pageB.getByTestId('added-sessions').innerText()).toBe('0');

    const tampered = Buffer.from(readFileSync(bundleFile));
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 0xff;
    const tamperedFile = join(work, 'tampered.chattrain-bundle');
    writeFileSync(tamperedFile, tampered);
    await chooseFile(pageB, 'import-bundle', tamperedFile);
    await expect.poll(() => result.getAttribute('data-kind')).toBe('error');
    expect(await result.innerText()).toContain('nothing was imported');
    expect(laptopB.core.database.sqlite.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(3);
  }, 60_000); // starts a second app and browser

  it('shows the located problems of a bad pack, installs a good one, and removes it again', async () => {
    await page.getByTestId('tab-packs').click();
    await page.getByTestId('packs-empty').waitFor();

    const bad = join(work, 'bad-pack.zip');
    const badScenario = minimalScenarioYaml('pack.bad').replace('    expected_keywords: [policy]\n', '    expected_keywords: [policy]\n    pass_score: 500\n');
    writeFileSync(bad, zipOf({ ...goodPackFiles('bad-pack', ['pack.gamma']), 'pack.bad/scenario.yaml': badScenario }));
    await chooseFile(page, 'import-pack-zip', bad);
    const problems = page.getByTestId('pack-problems');
    await problems.waitFor();
    const first = problems.getByTestId('pack-problem').first();
    expect(await first.locator('.problem-location').innerText()).toMatch(/^bad-pack\.zip\/pack\.bad\/scenario\.yaml:15:\d+$/);
    expect(await first.locator('.problem-path').innerText()).toBe('steps[0].pass_score');
    expect(await page.getByTestId('pack-import-result').innerText()).toContain('“bad-pack.zip” was not installed');
    expect(await page.getByTestId('packs-empty').count()).toBe(1);
    await shot(page, 'workshop-packs-problems');

    const good = join(work, 'claims-pack.zip');
    writeFileSync(good, zipOf(goodPackFiles('claims-pack', ['pack.alpha', 'pack.beta'])));
    await chooseFile(page, 'import-pack-zip', good);
    await expect.poll(() => page.getByTestId('pack-import-result').innerText()).toBe('Installed “Claims pack” with 2 scenarios; they are in the library now.');
    expect(await problems.count()).toBe(0);
    const card = page.locator('[data-testid="pack"][data-pack-id="claims-pack"]');
    await card.waitFor();
    expect(await card.getByTestId('pack-origin').innerText()).toMatch(/^From the zip claims-pack\.zip \(uploaded in the browser\) · imported /);
    expect(await card.innerText()).toContain('Scenario pack.alpha');
    await shot(page, 'workshop-packs-list');

    // Dark theme, same screen.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot(page, 'workshop-packs-list-dark');
    await page.getByTestId('tab-report').click();
    await shot(page, 'workshop-report-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The library has the pack's scenarios.
    await page.goto(`${new URL(laptopA.server.url).origin}/#/`);
    await page.locator('[data-testid="open-scenario"][data-scenario-id="pack.alpha"]').waitFor();

    await openWorkshop(laptopA);
    await page.getByTestId('tab-packs').click();
    await card.getByTestId('remove-pack').click();
    const dialog = page.getByTestId('confirm-remove-pack');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Its 2 scenarios will leave the library');
    await dialog.getByTestId('dialog-confirm').click();
    await expect.poll(() => page.getByTestId('pack-remove-result').innerText()).toBe(
      'Removed “Claims pack” and its 2 scenarios from the library. Sessions played from them are kept.',
    );
    await page.getByTestId('packs-empty').waitFor();
    const library = await laptopA.core.handlers['scenarios.list'](undefined);
    expect(library.map((scenario) => scenario.id)).not.toContain('pack.alpha');
  });
});
