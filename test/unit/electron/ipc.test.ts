import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { wireIpc, refusedSender } from '../../../electron/main/ipc.js';
import { channels } from '../../../electron/main/channels.js';
import { EventHub } from '../../../core/api/events.js';
import type { Dispatch } from '../../../core/api/dispatch.js';

const appUrl = 'file:///app/out/renderer/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: (channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) =>
      handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as IpcMain;
  return { ipcMain, handlers };
}

const eventFrom = (contentsId: number, url: string, parent: unknown = null) =>
  ({ sender: { id: contentsId }, senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;

function setUp() {
  const { ipcMain, handlers } = fakeIpcMain();
  const dispatch = vi.fn<Dispatch>(() => Promise.resolve({ ok: true, value: 'answer' }));
  const events = new EventHub();
  const sent: unknown[][] = [];
  const contents = {
    id: 3,
    isDestroyed: () => false,
    send: (...args: unknown[]) => sent.push(args),
  } as unknown as WebContents;
  const host = {
    saveFile: vi.fn(() => Promise.resolve({ ok: true as const, value: null })),
    printLookbook: vi.fn(() => Promise.resolve({ ok: true as const, value: null })),
    chooseModelFile: vi.fn(() => Promise.resolve('/models/a.gguf')),
    openExternal: vi.fn(() => Promise.resolve()),
  };
  const unwire = wireIpc({ ipcMain, service: { dispatch, events }, window: () => contents, appUrl, host });
  return { handlers, dispatch, events, sent, host, unwire };
}

describe('IPC wiring', () => {
  it('passes our window’s calls to the API', async () => {
    const { handlers, dispatch } = setUp();
    const answer = await handlers.get(channels.invoke)!(
      eventFrom(3, `${appUrl}#/clients`),
      'clients.search',
      {
        text: 'ana',
      },
    );
    expect(answer).toEqual({ ok: true, value: 'answer' });
    expect(dispatch.mock.calls).toEqual([['clients.search', { text: 'ana' }]]);
  });

  it('refuses calls from another window, a sub-frame or a foreign page, without reaching the API', async () => {
    const { handlers, dispatch, host } = setUp();
    const invoke = handlers.get(channels.invoke)!;
    expect(await invoke(eventFrom(4, appUrl), 'app.info', {})).toEqual(refusedSender);
    expect(await invoke(eventFrom(3, appUrl, { url: appUrl }), 'app.info', {})).toEqual(refusedSender);
    expect(await invoke(eventFrom(3, 'https://evil.example/'), 'app.info', {})).toEqual(refusedSender);
    expect(await handlers.get(channels.saveFile)!(eventFrom(4, appUrl), {})).toEqual(refusedSender);
    expect(await handlers.get(channels.printLookbook)!(eventFrom(4, appUrl), 1)).toEqual(refusedSender);
    expect(await handlers.get(channels.chooseModelFile)!(eventFrom(4, appUrl))).toBeNull();
    await handlers.get(channels.openExternal)!(eventFrom(4, appUrl), 'https://x.example/');
    expect(dispatch).not.toHaveBeenCalled();
    expect(host.saveFile).not.toHaveBeenCalled();
    expect(host.printLookbook).not.toHaveBeenCalled();
    expect(host.chooseModelFile).not.toHaveBeenCalled();
    expect(host.openExternal).not.toHaveBeenCalled();
  });

  it('refuses a method name that is not a string', async () => {
    const { handlers, dispatch } = setUp();
    const answer = (await handlers.get(channels.invoke)!(eventFrom(3, appUrl), { toString: 1 }, {})) as {
      ok: boolean;
      error: { kind: string };
    };
    expect(answer.ok).toBe(false);
    expect(answer.error.kind).toBe('unknown-method');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('forwards push events to the window and unwires cleanly', () => {
    const { handlers, events, sent, unwire } = setUp();
    const payload = { what: ['clients'] as const };
    events.emit({ event: 'data.changed', payload });
    expect(sent).toEqual([[channels.event, { event: 'data.changed', payload }]]);
    unwire();
    events.emit({ event: 'data.changed', payload });
    expect(sent).toHaveLength(1);
    expect(handlers.size).toBe(0);
    expect(events.size).toBe(0);
  });
});
