import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../security/external-links';

/**
 * Applies the Electron security checklist to every web contents the app ever creates:
 * no navigation away from the app, no new windows (allow-listed links open in the
 * browser instead), no webviews, no permission grants, no requests to remote hosts.
 */
export function hardenWebContents(appOrigins: string[]): void {
  const isAppUrl = (url: string) => appOrigins.some((origin) => url === origin || url.startsWith(`${origin}/`));

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  const appSession = session.defaultSession;
  appSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  appSession.setPermissionCheckHandler(() => false);
  appSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
}
