import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiEvent } from '../../core/api/contract/index.js';
import type { Result } from '../../core/api/contract/index.js';
import type { ApiService } from '../../core/api/service.js';
import { isTrustedSender } from './security.js';
import { channels } from './channels.js';

export const refusedSender: Result<never> = {
  ok: false,
  error: { kind: 'unauthorized', message: 'this frame may not call Atelier' },
};

export interface IpcWiring {
  readonly ipcMain: IpcMain;
  readonly service: Pick<ApiService, 'dispatch' | 'events'>;
  /** The window's WebContents, or null while there is none. */
  readonly window: () => WebContents | null;
  readonly appUrl: string;
  readonly host: {
    saveFile(args: unknown): Promise<Result<unknown>>;
    printLookbook(args: unknown): Promise<Result<unknown>>;
    chooseModelFile(): Promise<string | null>;
    openExternal(url: unknown): Promise<void>;
  };
}

/** Wires the API and the host functions to IPC, every call checked for its sender; returns an unwire. */
export function wireIpc(wiring: IpcWiring): () => void {
  const { ipcMain, service } = wiring;
  const trusted = (event: IpcMainInvokeEvent): boolean =>
    isTrustedSender(event.sender, event.senderFrame, wiring.window()?.id ?? null, wiring.appUrl);

  ipcMain.handle(channels.invoke, async (event, method: unknown, args: unknown) => {
    if (!trusted(event)) return refusedSender;
    if (typeof method !== 'string') {
      return { ok: false, error: { kind: 'unknown-method', message: 'the method name is not a string' } };
    }
    return service.dispatch(method, args);
  });
  ipcMain.handle(channels.saveFile, (event, file: unknown) =>
    trusted(event) ? wiring.host.saveFile(file) : refusedSender,
  );
  ipcMain.handle(channels.printLookbook, (event, args: unknown) =>
    trusted(event) ? wiring.host.printLookbook(args) : refusedSender,
  );
  ipcMain.handle(channels.chooseModelFile, (event) =>
    trusted(event) ? wiring.host.chooseModelFile() : null,
  );
  ipcMain.handle(channels.openExternal, (event, url: unknown) =>
    trusted(event) ? wiring.host.openExternal(url) : undefined,
  );

  const unsubscribe = service.events.subscribe((event: ApiEvent) => {
    const contents = wiring.window();
    if (contents && !contents.isDestroyed()) contents.send(channels.event, event);
  });

  return () => {
    unsubscribe();
    for (const channel of Object.values(channels))
      if (channel !== channels.event) ipcMain.removeHandler(channel);
  };
}
