import type {
  ApiEvent,
  AtelierBridge,
  EventName,
  Events,
  ExportedFile,
  Method,
  MethodArgs,
  Result,
  Results,
} from '../../../core/api/contract';

declare global {
  interface Window {
    /** Present only in the desktop app (the preload's bridge). */
    readonly atelier?: AtelierBridge;
  }
}

/** How the renderer reaches core: IPC through the preload on the desktop, HTTP + SSE in web mode. */
interface Transport {
  readonly kind: 'desktop' | 'web';
  call(method: Method, args: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

const eventNames: readonly EventName[] = ['job.changed', 'data.changed'];
const tokenKey = 'atelier.token';

/** The per-launch token arrives in the URL; it is kept for this tab only and removed from the address bar. */
function webToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(tokenKey) ?? '';
}

function desktopTransport(bridge: AtelierBridge): Transport {
  return {
    kind: 'desktop',
    call: (method, args) => bridge.invoke(method, args as never),
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

function webTransport(): Transport {
  const token = webToken();
  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | null = null;
  const connect = (): void => {
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of eventNames) {
      source.addEventListener(name, (message: MessageEvent<string>) => {
        const event = { event: name, payload: JSON.parse(message.data) as Events[typeof name] } as ApiEvent;
        for (const listener of listeners) listener(event);
      });
    }
  };
  return {
    kind: 'web',
    async call(method, args) {
      let response: Response;
      try {
        response = await fetch(`/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(args ?? {}),
        });
      } catch (error) {
        return {
          ok: false,
          error: {
            kind: 'internal',
            message: `Atelier's server is not answering (${(error as Error).message})`,
          },
        };
      }
      if (response.status === 401 || response.status === 403) {
        return {
          ok: false,
          error: {
            kind: 'unauthorized',
            message: 'this page has no valid access token: open the address printed by `npm run web`',
          },
        };
      }
      return (await response.json()) as Result<unknown>;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

const transport: Transport = window.atelier ? desktopTransport(window.atelier) : webTransport();

export const mode = transport.kind;
export const desktop: AtelierBridge | null = window.atelier ?? null;

/** Calls one API method; never throws (network failures become an error result). */
export function call<M extends Method>(method: M, args: MethodArgs<M>): Promise<Result<Results[M]>> {
  return transport.call(method, args) as Promise<Result<Results[M]>>;
}

export function subscribe(listener: (event: ApiEvent) => void): () => void {
  return transport.subscribe(listener);
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk)
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Saves an export: a save dialog on the desktop, a download in the browser. Returns where, when known. */
export async function saveExport(file: ExportedFile): Promise<Result<{ path: string } | null>> {
  if (desktop) return desktop.saveFile(file);
  const blob = new Blob([base64ToBytes(file.base64)], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, value: { path: file.fileName } };
}
