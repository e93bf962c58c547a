import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createChatTrainCore, type ChatTrainCore } from '../../electron/main/chattrain-core';
import { bundledContentDir, builtRendererDir } from '../../electron/main/paths';
import { startWebServer, type RunningWebServer } from '../../electron/main/web/web-server';

/** Where end-to-end screenshots are kept (CI artifacts; look at them). */
export const artifactsDir = join(process.cwd(), 'test-artifacts', 'screenshots');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags Debian's Chromium needs as root on a machine with no network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--disable-quic',
  '--metrics-recording-only',
];

export interface E2eApp {
  core: ChatTrainCore;
  server: RunningWebServer;
  browser: Browser;
  page: Page;
  dataDir: string;
  /** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface E2eOptions {
  /** Content folder to serve instead of the bundled `content/`. */
  contentDir?: string;
  /** The clock the app's sessions run on (for time-limit tests). */
  now?: () => Date;
  viewport?: { width: number; height: number };
}

/**
 * Starts browser mode in-process on a fresh data folder (the real core, router and
 * HTTP server) and opens it in Debian's Chromium through the printed, tokened URL.
 */
export async function startE2eApp(options: E2eOptions = {}): Promise<E2eApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chattrain-e2e-'));
  const core = await createChatTrainCore({
    dataDir,
    bundledContentDir: options.contentDir ?? bundledContentDir(),
    mode: 'web',
    appVersion: '0.0.0-test',
    ...(options.now ? { now: options.now } : {}),
  });
  const server = await startWebServer({ core, rendererDir: builtRendererDir() });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 860 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  mkdirSync(artifactsDir, { recursive: true });

  return {
    core,
    server,
    browser,
    page,
    dataDir,
    async screenshot(name) {
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
      await server.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (pageErrors.length > 0) throw new Error(`Uncaught errors in the page: ${pageErrors.join('; ')}`);
    },
  };
}

/** How many messages the open session has (the transcript is virtualised: not all are in the DOM). */
export async function messageCount(page: Page): Promise<number> {
  return Number(await page.locator('[role="list"][data-count]').getAttribute('data-count'));
}
