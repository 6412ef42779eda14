import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The per-launch secret: whoever has the printed URL may use the app, nobody else on the machine. */
export const newToken = (): string => randomBytes(24).toString('base64url');

/**
 * The cookie that lets a reload fetch the page and its assets. Browsers send cookies to every port of
 * 127.0.0.1, so it is named for this server's port and holds a secret of its own, never the API token: another
 * local server on another port may receive it, and can do nothing with it (it opens no API call, here or there).
 */
export const sessionCookieName = (port: number): string => `atelier_session_${port}`;

export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer (\S+)$/.exec(header) : null;
  return match?.[1] ?? null;
}

export function cookieValue(req: IncomingMessage, cookie: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookie) return value.join('=');
  }
  return null;
}

/**
 * Only our own host names: a page on another site that rebinds its DNS name to 127.0.0.1 sends its own
 * Host header and is refused (DNS rebinding).
 */
export function allowedHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** The same policy as the desktop window: our own scripts only, inline styles for Mantine's CSS variables. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  // The token travels in the first URL: it must never leak in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
