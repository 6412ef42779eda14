import type { WebContents, WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../../core/api/web/security.js';

/**
 * One policy for the window and for web mode, defined in core: our own scripts only; inline styles (Mantine
 * writes CSS variables at run time); data:/blob: images (item pictures, placeholders); no network at all.
 */
export { contentSecurityPolicy };

/** A dev server (electron-vite dev) needs its websocket and inline React refresh preamble. */
export const devContentSecurityPolicy = contentSecurityPolicy
  .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

/** The window's locked-down preferences: the renderer is a web page with one named bridge, nothing more. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** Links the OS may open: http(s), mail and text messages only, never file:, javascript: or custom schemes. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:' || protocol === 'sms:';
  } catch {
    return false;
  }
}

/** Whether `url` is a page of the app itself (same file, or same dev-server origin). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname;
    return target.origin === app.origin;
  } catch {
    return false;
  }
}

export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * IPC is accepted only from the top frame of our own window showing our own page: not from a sub-frame,
 * not from another window, not after a navigation elsewhere.
 */
export function isTrustedSender(
  sender: { readonly id: number },
  frame: SenderFrame | null | undefined,
  windowContentsId: number | null,
  appUrl: string,
): boolean {
  if (!frame || windowContentsId === null) return false;
  if (sender.id !== windowContentsId) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, appUrl);
}

export interface LinkOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * New windows are never opened; external links go to the OS browser; navigation away from the app is
 * refused; permission requests (camera, notifications, ...) are denied by the session.
 */
export function hardenContents(contents: WebContents, appUrl: string, shell: LinkOpener): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    if (isExternalLink(url)) void shell.openExternal(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface PolicySession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/**
 * Every response gets the CSP (the built index.html also carries it in a meta tag, which is what applies to
 * file:// pages); no permission (camera, geolocation, notifications, ...) is ever granted.
 */
export function applySessionPolicy(session: PolicySession, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
}
