import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiService } from '../service.js';
import type { ApiEvent } from '../contract/index.js';
import type { Result } from '../contract/index.js';
import { serveStatic } from './static.js';
import {
  allowedHost,
  bearerToken,
  cookieValue,
  newToken,
  sameToken,
  securityHeaders,
  sessionCookieName,
} from './security.js';
import { logger } from '../../log.js';
import { hideLocalPaths } from '../redact.js';

const log = logger('web');

/** Uploads (import files) travel as base64 JSON: the contract allows a 90 MB file, about 120 MB of body. */
const maxBodyBytes = 128 * 1024 * 1024;

export interface WebServerOptions {
  readonly service: ApiService;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 or absent: any free port. */
  readonly port?: number;
  readonly token?: string;
  /** The largest request body taken, in bytes (tests use a small one). */
  readonly maxBodyBytes?: number;
}

export interface WebServer {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': type,
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, JSON.stringify(result), 'application/json; charset=utf-8');
}

function refuse(res: ServerResponse, status: 401 | 403, message: string): void {
  sendResult(res, status, { ok: false, error: { kind: 'unauthorized', message } });
}

/** A body over the limit: answered 413, never buffered. */
class BodyTooLarge extends Error {}

const tooLargeMessage = (limit: number): string =>
  `the request is larger than ${limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${limit} bytes`}` +
  ' (an import file is at most 90 MB)';

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', collect);
      chunks.length = 0;
      reject(new BodyTooLarge());
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Answers 413 while the client may still be sending: the rest of the body is read and dropped (for a bounded
 * time) so the client gets to read the answer; closing on unread data would reset the connection instead.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  req.resume();
  const giveUp = setTimeout(() => req.socket.destroy(), 10_000);
  giveUp.unref();
  req.once('end', () => clearTimeout(giveUp));
  req.once('close', () => clearTimeout(giveUp));
  res.shouldKeepAlive = false;
  sendResult(res, 413, { ok: false, error: { kind: 'invalid-arguments', message: tooLargeMessage(limit) } });
}

/**
 * The app over HTTP on 127.0.0.1 only: the built renderer, the API as `POST /api/call/<method>` (token in an
 * Authorization header, so no other page can call it: a cross-origin request with that header needs a CORS
 * preflight nobody answers), and push events as server-sent events on `/api/events`.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const maxBody = options.maxBodyBytes ?? maxBodyBytes;
  // What the page's cookie carries: unlocks the page and its assets only, never the API.
  const session = newToken();
  const { service } = options;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const unsubscribe = service.events.subscribe((event: ApiEvent) => {
    const frame = `event: ${event.event}\ndata: ${JSON.stringify(event.payload)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHost(req, port)) return refuse(res, 403, 'unknown host');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain', { Allow: 'POST' });
      if (!sameToken(token, bearerToken(req))) return refuse(res, 401, 'missing or wrong access token');
      let args: unknown;
      try {
        const body = await readBody(req, maxBody);
        args = body === '' ? {} : (JSON.parse(body) as unknown);
      } catch (error) {
        if (error instanceof BodyTooLarge) return refuseTooLarge(req, res, maxBody);
        return sendResult(res, 400, {
          ok: false,
          error: {
            kind: 'invalid-arguments',
            message: `the request body is not JSON: ${(error as Error).message}`,
          },
        });
      }
      const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      const result = await service.dispatch(method, args);
      return sendResult(res, 200, result);
    }

    if (url.pathname === '/api/events') {
      const given = bearerToken(req) ?? url.searchParams.get('token');
      if (!sameToken(token, given)) return refuse(res, 401, 'missing or wrong access token');
      res.writeHead(200, {
        ...securityHeaders,
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (url.pathname.startsWith('/api/')) return send(res, 404, 'not found', 'text/plain');

    // The page and its assets: the token from the printed URL, then this port's session cookie for what it
    // loads and for reloads (the page keeps the token itself, in its tab's session storage).
    const queryToken = url.searchParams.get('token');
    if (sameToken(token, queryToken)) {
      const cookie = `${sessionCookieName(port)}=${session}; HttpOnly; SameSite=Strict; Path=/`;
      return serveStatic(req, res, options.rendererDir, url.pathname, { 'Set-Cookie': cookie });
    }
    if (!sameToken(session, cookieValue(req, sessionCookieName(port)))) {
      return send(
        res,
        401,
        "Atelier: open the address printed by `npm run web` (it carries this launch's access token).\n",
        'text/plain; charset=utf-8',
      );
    }
    return serveStatic(req, res, options.rendererDir, url.pathname);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The path only: a query may carry the access token.
      log.error('request failed', { path: req.url?.split('?')[0], error: String(error) });
      if (!res.headersSent)
        sendResult(res, 500, {
          ok: false,
          error: { kind: 'internal', message: hideLocalPaths(String(error)) },
        });
      else res.end();
    });
  });
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      clearInterval(keepAlive);
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
