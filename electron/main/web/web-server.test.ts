import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatTrainCore, type ChatTrainCore } from '../chattrain-core';
import { startWebServer, type RunningWebServer } from './web-server';

let dir: string;
let core: ChatTrainCore;
let server: RunningWebServer;
let cookie: string;

/** A raw request, so paths and headers reach the server exactly as written. */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  const { port } = new URL(server.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(port), path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const invoke = (channel: unknown, input: unknown, headers: Record<string, string> = { cookie }) =>
  raw('/api/invoke', { ...headers, 'content-type': 'application/json' }, 'POST', JSON.stringify({ channel, input }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chattrain-web-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ChatTrain</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  mkdirSync(join(dir, 'content'));
  core = await createChatTrainCore({ dataDir: join(dir, 'data'), bundledContentDir: join(dir, 'content'), mode: 'web', appVersion: '9.9.9' });
  server = await startWebServer({ core, rendererDir });
  const login = await raw(`/?token=${server.token}`);
  cookie = String(login.headers['set-cookie']).split(';')[0]!;
});

afterAll(async () => {
  await server.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  it('listens on loopback only and prints a tokened URL', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses every request without the token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/api/events']) {
      expect((await raw(path)).status).toBe(401);
    }
    const response = await invoke('app.info', null, {});
    expect(response.status).toBe(401);
    expect(response.body).not.toContain('ChatTrain</title>');
  });

  it('refuses a wrong token, whether offered in the URL, a cookie or a header', async () => {
    expect((await raw('/?token=wrong')).status).toBe(401);
    expect((await invoke('app.info', null, { cookie: 'chattrain_token=wrong' })).status).toBe(401);
    expect((await invoke('app.info', null, { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly, SameSite=Strict cookie and drops it from the address', async () => {
    const login = await raw(`/scenario?x=1&token=${server.token}`);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/scenario?x=1');
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
  });

  it('serves the renderer with a strict CSP once signed in', async () => {
    const page = await raw('/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ChatTrain</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("object-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const response = await raw(path, { cookie });
      expect(response.body).not.toContain('do not serve');
    }
  });

  it('answers IPC calls through the same router as the desktop app', async () => {
    const response = await invoke('app.info', null);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { mode: 'web', version: '9.9.9' } });
    expect(JSON.parse((await invoke('nope', null)).body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(JSON.parse((await invoke('documents.search', { query: 5 })).body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const bearer = await invoke('scenarios.list', null, { authorization: `Bearer ${server.token}` });
    expect(JSON.parse(bearer.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-origin requests', async () => {
    expect((await raw('/', { cookie, host: 'attacker.example' })).status).toBe(421);
    const crossSite = await invoke('app.info', null, { cookie, origin: 'https://attacker.example' });
    expect(crossSite.status).toBe(403);
  });

  it('rejects malformed and non-JSON bodies with a clear error', async () => {
    const notJson = await raw('/api/invoke', { cookie, 'content-type': 'application/json' }, 'POST', '{nope');
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const wrongType = await raw('/api/invoke', { cookie, 'content-type': 'text/plain' }, 'POST', '{}');
    expect(wrongType.status).toBe(415);
  });

  it('streams events to signed-in clients', async () => {
    const { port } = new URL(server.origin);
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: Number(port), path: '/api/events', headers: { cookie } }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
          if (text.includes('scenarios.changed')) {
            req.destroy();
            resolve(text);
          }
        });
        void invoke('scenarios.reload', null);
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toMatch(/data: \{"event":"scenarios.changed"/);
  });
});
