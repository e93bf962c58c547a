import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { rendererSecurityHeaders } from '../security/content-security-policy';
import { resolveRendererFile } from '../security/renderer-files';

/** The packaged renderer is served from chattrain://app/ rather than file://, so it has a real origin. */
export const APP_SCHEME = 'chattrain';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves files from the built renderer, never from outside it, with the strict CSP. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? resolveRendererFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file.path).toString());
    return new Response(response.body, {
      status: 200,
      headers: { ...rendererSecurityHeaders, 'Content-Type': file.contentType },
    });
  });
}
