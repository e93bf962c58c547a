import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../electron/main/llm/llm-client';
import { LlmError } from '../../electron/main/llm/llm-error';
import { parseProviderConfig } from '../../shared/llm/provider-config';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';

/**
 * A tiny HTTP CONNECT proxy on 127.0.0.1: tunnels every CONNECT to the fake model server,
 * whatever host was asked for (so a non-loopback base URL reaches it only through the
 * proxy). Optionally demands Proxy-Authorization.
 */
async function startConnectProxy(target: number, requiredAuth?: string) {
  const connects: { host: string; headers: IncomingHttpHeaders }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push({ host: req.url ?? '', headers: req.headers });
    if (requiredAuth && req.headers['proxy-authorization'] !== requiredAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(target, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const messages = [{ role: 'user' as const, content: 'Hello' }];
let model: FakeOpenAiServer;

beforeAll(async () => {
  model = await startFakeOpenAiServer();
});
afterAll(async () => {
  await model.close();
});

describe('HTTP proxy', () => {
  it('sends requests through the proxy when proxyUrl is set', async () => {
    const proxy = await startConnectProxy(model.port);
    const client = createLlmClient(
      parseProviderConfig({ baseUrl: `http://llm.corp.example:${model.port}/v1`, model: 'fake-model', proxyUrl: proxy.url }),
      'sk-proxy-test-key-000000000',
    );
    try {
      const result = await client.streamChat({ messages });
      expect(result.content).toBe('Hello, how can I help?');
      expect(proxy.connects.map((entry) => entry.host)).toContain(`llm.corp.example:${model.port}`);
      expect(model.chatRequests.at(-1)!.headers.host).toBe(`llm.corp.example:${model.port}`);
    } finally {
      await client.dispose();
      await proxy.close();
    }
  });

  it('sends proxy credentials, and a 407 becomes a clear error without them', async () => {
    const auth = `Basic ${Buffer.from('alice:s3cret-pass').toString('base64')}`;
    const proxy = await startConnectProxy(model.port, auth);
    const good = createLlmClient(
      parseProviderConfig({ baseUrl: `http://llm.corp.example:${model.port}/v1`, model: 'fake-model', proxyUrl: proxy.url.replace('//', '//alice:s3cret-pass@') }),
      null,
    );
    const bad = createLlmClient(
      parseProviderConfig({ baseUrl: `http://llm.corp.example:${model.port}/v1`, model: 'fake-model', proxyUrl: proxy.url.replace('//', '//alice:wrong-pass@') }),
      null,
    );
    try {
      await expect(good.streamChat({ messages })).resolves.toMatchObject({ finishReason: 'stop' });
      expect(proxy.connects.at(-1)!.headers['proxy-authorization']).toBe(auth);
      const error = (await bad.streamChat({ messages }).catch((thrown: unknown) => thrown)) as LlmError;
      expect(error).toBeInstanceOf(LlmError);
      expect(error.kind).toBe('connection_refused');
      expect(error.message).toMatch(/The proxy 127\.0\.0\.1:\d+ refused to connect to llm\.corp\.example:\d+ \(HTTP 407\)/);
      expect(error.message).not.toContain('wrong-pass');
      expect(error.message).not.toContain('alice');
    } finally {
      await good.dispose();
      await bad.dispose();
      await proxy.close();
    }
  });

  it('does not use the proxy for a loopback server', async () => {
    const proxy = await startConnectProxy(model.port);
    const client = createLlmClient(parseProviderConfig({ baseUrl: model.baseUrl, model: 'fake-model', proxyUrl: proxy.url }), null);
    try {
      await client.streamChat({ messages });
      expect(proxy.connects).toHaveLength(0);
    } finally {
      await client.dispose();
      await proxy.close();
    }
  });
});
