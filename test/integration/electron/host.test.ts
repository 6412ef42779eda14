import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../../core/api/dispatch.js';

// No Electron binary here: the main process's Electron surface is mocked, the files are real.
const electron = vi.hoisted(() => {
  const printed: { loaded: string[]; html: string[]; destroyed: number; options: unknown[] } = {
    loaded: [],
    html: [],
    destroyed: 0,
    options: [],
  };
  return {
    printed,
    dialog: {
      showSaveDialog: vi.fn<() => Promise<{ canceled: boolean; filePath?: string }>>(),
      showOpenDialog: vi.fn<() => Promise<{ canceled: boolean; filePaths: string[] }>>(),
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    app: { getPath: vi.fn(() => '/home/associate/Documents') },
  };
});

vi.mock('electron', async () => {
  const { readFile } = await import('node:fs/promises');
  class BrowserWindow {
    readonly webContents = {
      printToPDF: vi.fn((options: unknown) => {
        electron.printed.options.push(options);
        return Promise.resolve(
          Buffer.from(`%PDF-1.7 from ${electron.printed.html.at(-1)?.length ?? 0} chars`),
        );
      }),
    };
    constructor(readonly options: unknown) {}
    async loadFile(file: string) {
      electron.printed.loaded.push(file);
      electron.printed.html.push(await readFile(file, 'utf8'));
    }
    destroy() {
      electron.printed.destroyed++;
    }
  }
  return { BrowserWindow, dialog: electron.dialog, shell: electron.shell, app: electron.app };
});

const { saveFile, printLookbook, chooseModelFile, openExternal } =
  await import('../../../electron/main/host.js');

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-host-'));
  vi.clearAllMocks();
  electron.printed.loaded.length = 0;
  electron.printed.html.length = 0;
  electron.printed.destroyed = 0;
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('saving an export', () => {
  it('writes the bytes where the associate chose', async () => {
    const target = join(folder, 'selection.csv');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const answer = await saveFile(null, {
      fileName: 'selection.csv',
      mimeType: 'text/csv',
      base64: Buffer.from('item,price\nTote,1200\n').toString('base64'),
    });
    expect(answer).toEqual({ ok: true, value: { path: target } });
    expect(readFileSync(target, 'utf8')).toBe('item,price\nTote,1200\n');
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith({
      defaultPath: join('/home/associate/Documents', 'selection.csv'),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
  });

  it('writes nothing when the dialog is cancelled', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    const answer = await saveFile(null, {
      fileName: 'a.pdf',
      mimeType: 'application/pdf',
      base64: 'JVBERg==',
    });
    expect(answer).toEqual({ ok: true, value: null });
  });

  it('refuses a file name with a path in it, before any dialog', async () => {
    const answer = await saveFile(null, { fileName: '../../.bashrc', mimeType: 'text/plain', base64: '' });
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.kind).toBe('invalid-arguments');
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('printing a lookbook', () => {
  it('prints the lookbook page core renders to PDF, saves it, and cleans up', async () => {
    const target = join(folder, 'lookbook.pdf');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const html = '<!doctype html><title>For Camille</title><h1>Autumn pieces</h1>';
    const dispatch = vi.fn<Dispatch>(() =>
      Promise.resolve({ ok: true, value: { html, fileName: 'Autumn pieces.pdf' } }),
    );
    const answer = await printLookbook(null, dispatch, {
      selectionId: 4,
      acknowledgeNoMarketingConsent: false,
    });
    expect(answer).toEqual({ ok: true, value: { path: target } });
    expect(dispatch.mock.calls).toEqual([
      ['selections.lookbook', { selectionId: 4, acknowledgeNoMarketingConsent: false }],
    ]);
    expect(electron.printed.html).toEqual([html]);
    expect(readFileSync(target, 'utf8')).toBe(`%PDF-1.7 from ${html.length} chars`);
    expect(electron.printed.options[0]).toMatchObject({ printBackground: true, preferCSSPageSize: true });
    expect(electron.printed.destroyed).toBe(1);
    expect(existsSync(electron.printed.loaded[0]!)).toBe(false);
  });

  it('passes the API’s refusal (a client who refused marketing) on unchanged, printing nothing', async () => {
    const refusal = { ok: false as const, error: { kind: 'consent' as const, message: 'refused marketing' } };
    const answer = await printLookbook(null, () => Promise.resolve(refusal), {
      selectionId: 4,
      acknowledgeNoMarketingConsent: false,
    });
    expect(answer).toEqual(refusal);
    expect(electron.printed.loaded).toEqual([]);
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses a selection id that is not a positive whole number', async () => {
    const dispatch = vi.fn<Dispatch>();
    const answer = await printLookbook(null, dispatch, { selectionId: '4; rm -rf' });
    expect(!answer.ok && answer.error.kind).toBe('invalid-arguments');
    expect(dispatch).not.toHaveBeenCalled();
  });
});

describe('dialogs and links', () => {
  it('returns the chosen model file, or null when cancelled', async () => {
    const model = join(folder, 'tiny.gguf');
    writeFileSync(model, 'GGUF');
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [model] });
    expect(await chooseModelFile(null)).toBe(model);
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await chooseModelFile(null)).toBeNull();
  });

  it('opens only http(s)/mailto links in the OS browser', async () => {
    await openExternal('https://www.maison.example/');
    await openExternal('file:///etc/passwd');
    await openExternal(42);
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://www.maison.example/']]);
  });
});
