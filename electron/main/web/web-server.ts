import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors';
import { MAX_UPLOAD_BYTES } from '../../../shared/files/types';
import type { ChatTrainCore } from '../chattrain-core';
import { log } from '../logging';
import { createIpcRouter, type IpcRouter } from '../ipc/router';
import { rendererSecurityHeaders } from '../security/content-security-policy';
import { resolveRendererFile } from '../security/renderer-files';

export interface WebServerOptions {
  core: ChatTrainCore;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; otherwise a random one per run. */
  token?: string;
}

export interface RunningWebServer {
  /** The address to open, with the access token. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'chattrain_token';
const MAX_BODY_BYTES = 2 * 1024 * 1024;
// Browser mode only ever binds to loopback; there is no option to change this.
const HOST = '127.0.0.1';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(value));
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Browser mode: serves the built renderer and the same IPC router as the desktop app over
 * HTTP (requests) and Server-Sent Events (events), on 127.0.0.1 only. Every request must
 * carry the per-run token, either as the cookie set when the printed URL is first opened,
 * or as a Bearer header (tools, tests). Host and Origin are checked against the server's
 * own address, which defeats DNS-rebinding and cross-site requests.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const eventStreams = new Set<ServerResponse>();
  let origin = '';
  let allowedHosts: string[] = [];
  let router: IpcRouter | undefined;

  const stopListening = options.core.events.listen((event, payload) => {
    const data = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const stream of eventStreams) stream.write(data);
  });

  const isAuthorised = (request: IncomingMessage): boolean => {
    const presented = cookieToken(request) ?? bearerToken(request);
    return presented !== undefined && sameSecret(presented, token);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!allowedHosts.includes(request.headers.host ?? '')) {
      return sendText(response, 421, 'Unexpected Host header.');
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      return sendText(response, 403, 'Cross-origin requests are refused.');
    }
    const url = new URL(request.url ?? '/', origin);

    // First visit with the printed URL: trade the token for a cookie, then drop it from the address bar.
    const offered = url.searchParams.get('token');
    if (offered !== null && request.method === 'GET') {
      if (!sameSecret(offered, token)) return sendText(response, 401, 'Wrong access token. Use the URL printed by `npm run web`.');
      url.searchParams.delete('token');
      response.writeHead(302, {
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      return void response.end();
    }

    if (!isAuthorised(request)) {
      return sendText(response, 401, 'ChatTrain browser mode needs its access token: open the URL printed by `npm run web`.');
    }

    if (url.pathname === '/api/invoke') {
      if (request.method !== 'POST') return sendText(response, 405, 'Use POST.');
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendText(response, 415, 'Send JSON.');
      }
      let body: unknown;
      try {
        body = await readJsonBody(request);
      } catch {
        return sendJson(response, 400, { ok: false, error: { code: 'BAD_INPUT', message: 'The request body is not valid JSON or is too large.' } });
      }
      const { channel, input } = (body ?? {}) as { channel?: unknown; input?: unknown };
      // JSON has no `undefined`; the bridge sends null for "no input".
      const result = await router!.dispatch(channel, input === null ? undefined : input, { origin, isMainFrame: true });
      return sendJson(response, 200, result);
    }

    if (url.pathname === '/api/upload') {
      // Browser mode's "choose a file": the raw bytes, then an IPC call names the upload id.
      if (request.method !== 'POST') return sendText(response, 405, 'Use POST.');
      if (request.headers['content-type'] !== 'application/octet-stream') return sendText(response, 415, 'Send the file as application/octet-stream.');
      const declared = Number(request.headers['content-length'] ?? '0');
      if (declared > MAX_UPLOAD_BYTES) {
        return sendJson(response, 413, { ok: false, error: { code: 'FILE_TOO_LARGE', message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` } });
      }
      try {
        const uploadId = await options.core.uploads.save(request, url.searchParams.get('name') ?? 'upload');
        return sendJson(response, 200, { ok: true, value: { uploadId } });
      } catch (error) {
        if (error instanceof AppError) return sendJson(response, 413, { ok: false, error: { code: error.code, message: error.message } });
        throw error;
      }
    }

    if (url.pathname === '/api/events') {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      eventStreams.add(response);
      const heartbeat = setInterval(() => response.write(': ping\n\n'), 25_000);
      request.on('close', () => {
        clearInterval(heartbeat);
        eventStreams.delete(response);
      });
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed.');
    const file = resolveRendererFile(options.rendererDir, url.pathname);
    if (!file) return sendText(response, 404, 'Not found.');
    response.writeHead(200, {
      ...rendererSecurityHeaders,
      'Content-Type': file.contentType,
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file.path).pipe(response);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      log.error('browser-mode request failed', error);
      if (!response.headersSent) sendText(response, 500, 'Internal error.');
      else response.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;
  allowedHosts = [`${HOST}:${port}`, `localhost:${port}`];
  router = createIpcRouter({
    handlers: options.core.handlers,
    trustedOrigins: [origin],
    onUnexpectedError: (channel, error) => log.error(`IPC handler ${channel} failed`, error),
  });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      stopListening();
      for (const stream of eventStreams) stream.end();
      eventStreams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
