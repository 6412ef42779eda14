import { describe, expect, it, vi } from 'vitest';
import {
  applySessionPolicy,
  contentSecurityPolicy,
  hardenContents,
  isAppUrl,
  isExternalLink,
  isTrustedSender,
  secureWebPreferences,
  type PolicySession,
} from '../../../electron/main/security.js';
import type { WebContents } from 'electron';

const appUrl = 'file:///opt/Atelier/resources/app.asar/out/renderer/index.html';

describe('the window preferences', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, no webview', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('the CSP allows only our own scripts and no remote connection', () => {
    const directives: Record<string, string> = Object.fromEntries(
      contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]),
    );
    expect(directives['script-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'self'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['default-src']).toBe("'self'");
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
  });
});

describe('links and navigation', () => {
  it('only http(s), mailto and sms links go to the OS', () => {
    expect(isExternalLink('https://www.maison.example/item/1')).toBe(true);
    expect(isExternalLink('http://intranet.boutique/')).toBe(true);
    expect(isExternalLink('mailto:client@example.com')).toBe(true);
    expect(isExternalLink('sms:+33612345678?body=Hello')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isExternalLink('smb://server/share')).toBe(false);
    expect(isExternalLink('not a url')).toBe(false);
  });

  it('recognises the app page, with any hash route, and nothing else', () => {
    expect(isAppUrl(`${appUrl}#/clients/12`, appUrl)).toBe(true);
    expect(isAppUrl('file:///opt/Atelier/other.html', appUrl)).toBe(false);
    expect(isAppUrl('https://evil.example/index.html', appUrl)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/catalog', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('accepts IPC only from the top frame of our window on our page', () => {
    const top = { url: `${appUrl}#/clients`, parent: null };
    expect(isTrustedSender({ id: 7 }, top, 7, appUrl)).toBe(true);
    expect(isTrustedSender({ id: 8 }, top, 7, appUrl)).toBe(false);
    expect(isTrustedSender({ id: 7 }, { url: top.url, parent: {} }, 7, appUrl)).toBe(false);
    expect(isTrustedSender({ id: 7 }, { url: 'https://evil.example/', parent: null }, 7, appUrl)).toBe(false);
    expect(isTrustedSender({ id: 7 }, null, 7, appUrl)).toBe(false);
    expect(isTrustedSender({ id: 7 }, top, null, appUrl)).toBe(false);
  });

  it('denies every new window, sends external links to the OS browser and blocks navigation away', () => {
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    const contents = {
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
      on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) =>
        listeners.set(name, listener),
    } as unknown as WebContents;
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };
    hardenContents(contents, appUrl, shell);

    expect(openHandler!({ url: 'https://www.maison.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://www.maison.example/']]);

    const away = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(away, 'https://evil.example/phish');
    expect(away.preventDefault).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenLastCalledWith('https://evil.example/phish');

    const inApp = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(inApp, `${appUrl}#/catalog`);
    expect(inApp.preventDefault).not.toHaveBeenCalled();

    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalledTimes(1);
  });
});

describe('the session policy', () => {
  it('adds the CSP to every response and grants no permission', () => {
    let headersListener: Parameters<PolicySession['webRequest']['onHeadersReceived']>[0] | undefined;
    let requestHandler: Parameters<PolicySession['setPermissionRequestHandler']>[0] | undefined;
    let checkHandler: (() => boolean) | undefined;
    const session: PolicySession = {
      setPermissionRequestHandler: (h) => (requestHandler = h),
      setPermissionCheckHandler: (h) => (checkHandler = h),
      webRequest: { onHeadersReceived: (l) => (headersListener = l) },
    };
    applySessionPolicy(session, contentSecurityPolicy);

    let answer: { responseHeaders: Record<string, string[]> } | undefined;
    headersListener!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (answer = r));
    expect(answer).toEqual({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy] },
    });
    const granted: boolean[] = [];
    requestHandler!({}, 'media', (g) => granted.push(g));
    requestHandler!({}, 'notifications', (g) => granted.push(g));
    expect(granted).toEqual([false, false]);
    expect(checkHandler!()).toBe(false);
  });
});
