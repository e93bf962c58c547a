import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatTrainCore, type ChatTrainCore } from '../../electron/main/chattrain-core';
import { generateCohort } from '../../electron/main/cohort/testing/generate-cohort';
import { backupNow } from '../../electron/main/data-care/backup';
import { bundledContentDir, builtRendererDir } from '../../electron/main/paths';
import { createProfile } from '../../electron/main/people/profiles';
import { startWebServer, type RunningWebServer } from '../../electron/main/web/web-server';
import { artifactsDir, chromiumArgs, chromiumPath, startE2eApp, type E2eApp } from './harness';

const SCENARIO = 'insurance.claim_handling.v1';

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** A session of the bundled scenario played through the app's own training service. */
async function play(core: ChatTrainCore, userId: string, complete: boolean): Promise<string> {
  const { session } = await core.training.create(SCENARIO, userId);
  await core.training.start(session.id);
  await core.training.answer(session.id, "I'm so sorry to hear that. Could I have your policy number?");
  if (complete) await core.training.end(session.id);
  return session.id;
}

/** Damages a closed database file: whole pages in its middle are overwritten. */
function corruptMiddle(path: string): void {
  const pageSize = 4096;
  const pages = Math.floor(statSync(path).size / pageSize);
  const fd = openSync(path, 'r+');
  try {
    for (let page = Math.floor(pages / 2); page < Math.floor(pages / 2) + 4; page++) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, page * pageSize);
  } finally {
    closeSync(fd);
  }
}

describe('data care screen (browser mode)', () => {
  let app: E2eApp;
  let page: Page;
  const elsewhere = mkdtempSync(join(tmpdir(), 'chattrain-e2e-moved-'));

  beforeAll(async () => {
    app = await startE2eApp();
    page = app.page;
    const { db } = app.core.database;
    const ana = await createProfile(db, { displayName: 'Ana Lima', role: 'trainee' });
    await createProfile(db, { displayName: 'Ben Okafor', role: 'trainee' });
    await play(app.core, ana.id, true);
    await play(app.core, ana.id, false);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  const open = async () => {
    await page.goto(`${app.server.origin}/#/data`);
    await page.reload();
    await page.getByTestId('data-care-screen').waitFor();
  };

  it('is closed to a trainee', async () => {
    await open();
    await page.getByTestId('data-care-denied').waitFor();
    expect(await page.getByTestId('backups-card').count()).toBe(0);
  });

  it('a facilitator backs up now and sees the backup listed', async () => {
    const fran = await createProfile(app.core.database.db, { displayName: 'Fran Meyer', role: 'facilitator' });
    expect((await app.core.people.switchTo(fran.id, null)).ok).toBe(true);
    await open();
    await page.getByTestId('no-backups').waitFor();
    expect(await page.getByTestId('last-backup').innerText()).toBe('No backup yet');
    expect(await page.getByTestId('data-dir').innerText()).toBe(app.dataDir);

    await page.getByTestId('backup-now').click();
    await page.getByTestId('backup-done').waitFor();
    expect(await page.getByTestId('backup-done').innerText()).toMatch(/Backed up to chattrain-.*\.db \(\d+ KB, integrity checked\)/);
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(1);
    expect(await page.getByTestId('last-backup').innerText()).toMatch(/^Last: /);
    expect(readdirSync(join(app.dataDir, 'backups'))).toHaveLength(1);
    await shot(page, 'data-care');
  });

  it('prunes with the saved retention settings and shows the counts', async () => {
    // An abandoned session last active long ago.
    const ana = (await app.core.handlers['profiles.list'](undefined)).find((profile) => profile.displayName === 'Ana Lima')!;
    const abandoned = await play(app.core, ana.id, false);
    await app.core.training.abandon(abandoned);
    app.core.database.sqlite.prepare(`UPDATE sessions SET last_activity_at = '2025-01-01T00:00:00.000Z' WHERE id = ?`).run(abandoned);

    await page.getByTestId('retention-abandoned').fill('30');
    await page.getByTestId('retention-activity').fill('0');
    expect(await page.getByTestId('prune-now').isDisabled()).toBe(true);
    await page.getByTestId('retention-save').click();
    await page.getByTestId('retention-done').waitFor();
    await page.getByTestId('prune-now').click();
    const dialog = page.getByTestId('prune-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('older than 30 days');
    await dialog.getByTestId('dialog-confirm').click();
    await expect.poll(() => page.getByTestId('retention-done').innerText()).toBe('Removed 1 abandoned session and 0 activity rows.');
    expect(app.core.database.sqlite.prepare('SELECT count(*) FROM sessions WHERE id = ?').pluck().get(abandoned)).toBe(0);
  });

  it('restores the listed backup after a confirmation and keeps a copy of the data it replaced', async () => {
    await app.core.handlers['profiles.create']({ displayName: 'Carla After', role: 'trainee' });
    await page.getByTestId('restore-backup').first().click();
    const dialog = page.getByTestId('restore-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('A copy of the current data is saved first');
    await dialog.getByTestId('dialog-confirm').click();
    await page.getByTestId('restore-done').waitFor();
    expect(await page.getByTestId('restore-done').innerText()).toMatch(/Restored chattrain-.*: \d profiles and 2 sessions\./);
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(2);
    expect(await page.getByTestId('backup-list').innerText()).toContain('Before a restore');
    const names = (await app.core.handlers['profiles.list'](undefined)).map((profile) => profile.displayName);
    expect(names).not.toContain('Carla After');
    // Still the facilitator after the data changed under the app.
    expect((await app.core.handlers['profiles.current'](undefined)).displayName).toBe('Fran Meyer');
    await shot(page, 'data-care-restored');
  });

  it('deletes all data of a profile after saying what goes', async () => {
    await page.getByTestId('erase-profile').selectOption({ label: 'Ana Lima (trainee)' });
    await page.getByTestId('erase-start').click();
    const dialog = page.getByTestId('erase-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('their sessions, with every message');
    await shot(page, 'data-care-erase-dialog');
    await dialog.getByTestId('dialog-confirm').click();
    await page.getByTestId('erase-done').waitFor();
    expect(await page.getByTestId('erase-done').innerText()).toMatch(/^Deleted 2 sessions, \d+ messages, 0 goals, 0 reflections and \d+ activity rows\. The profile itself is kept\.$/);
  });

  it('moves the data folder to a typed path, in dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const target = join(elsewhere, 'ChatTrain data');
    await page.getByTestId('move-path').fill('relative/path');
    await page.getByTestId('move-data').click();
    expect(await page.getByTestId('move-dialog').isVisible()).toBe(false);
    await page.getByTestId('move-path').fill(target);
    await page.getByTestId('move-data').click();
    const dialog = page.getByTestId('move-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('dialog-confirm').click();
    await page.getByTestId('move-done').waitFor();
    expect(await page.getByTestId('move-done').innerText()).toContain(`to ${target}. The old copy was removed.`);
    await expect.poll(() => page.getByTestId('data-dir').innerText()).toBe(target);
    await page.getByTestId('moved-note').waitFor();
    expect(existsSync(join(target, 'chattrain.db'))).toBe(true);
    expect(existsSync(join(app.dataDir, 'chattrain.db'))).toBe(false);
    expect(app.core.options.dataDir).toBe(target);
    await shot(page, 'data-care-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('recovery screen (browser mode)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chattrain-e2e-recovery-'));
  let core: ChatTrainCore | undefined;
  let server: RunningWebServer | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await core?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says the database is damaged, restores the latest backup, and lands in the library with the data', async () => {
    // A laptop with data and a backup…
    const seeding = await createChatTrainCore({ dataDir, bundledContentDir: bundledContentDir(), mode: 'web', appVersion: '0.0.0-test' });
    const ana = await createProfile(seeding.database.db, { displayName: 'Ana Lima', role: 'trainee' });
    expect((await seeding.people.switchTo(ana.id, null)).ok).toBe(true);
    await play(seeding, ana.id, false);
    generateCohort(seeding.database, { sessions: 150, messagesPerSession: 20, trainees: 5 });
    await backupNow(seeding.database, dataDir);
    await seeding.close();
    // …whose database then gets damaged.
    corruptMiddle(join(dataDir, 'chattrain.db'));

    core = await createChatTrainCore({ dataDir, bundledContentDir: bundledContentDir(), mode: 'web', appVersion: '0.0.0-test' });
    expect(core.data.recovery?.kind).toBe('damaged');
    server = await startWebServer({ core, rendererDir: builtRendererDir() });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(artifactsDir, { recursive: true });
    await page.goto(server.url);

    const screen = page.getByTestId('recovery-screen');
    await screen.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('The database is damaged');
    expect(await page.getByTestId('recovery-problem').innerText()).toContain('did not pass the integrity check');
    expect(await page.getByTestId('latest-backup').innerText()).toContain('chattrain-');
    expect(await page.getByTestId('library-screen').count()).toBe(0);
    await shot(page, 'recovery');

    await page.getByTestId('restore-latest').click();
    await page.getByTestId('library-screen').waitFor({ timeout: 20_000 });
    await page.locator(`[data-testid="open-scenario"][data-scenario-id="${SCENARIO}"]`).waitFor();
    expect(await screen.count()).toBe(0);
    expect(core.data.recovery).toBeNull();
    // The backup's data, with the same person at the keyboard as when it was made.
    expect((await core.handlers['profiles.current'](undefined)).displayName).toBe('Ana Lima');
    expect(core.database.sqlite.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(151);
    expect(readdirSync(dataDir).some((name) => name.startsWith('chattrain.db.before-restore-'))).toBe(true);
    await shot(page, 'recovery-restored-library');
    expect(pageErrors).toEqual([]);
  });
});
