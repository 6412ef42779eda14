import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, app, dialog, shell } from 'electron';
import { z } from 'zod';
import type { Dispatch } from '../../core/api/dispatch.js';
import type { Result } from '../../core/api/contract/index.js';
import { isExternalLink } from './security.js';

const exportedFileSchema = z.object({
  fileName: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\:*?"<>|]+$/, 'is not a plain file name'),
  mimeType: z.string().min(1).max(200),
  base64: z.string().max(200_000_000),
});

const extensionFilters: Readonly<Record<string, Electron.FileFilter>> = {
  pdf: { name: 'PDF lookbook', extensions: ['pdf'] },
  csv: { name: 'CSV', extensions: ['csv'] },
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
  txt: { name: 'Text', extensions: ['txt'] },
};

const invalid = (message: string): Result<never> => ({
  ok: false,
  error: { kind: 'invalid-arguments', message },
});

async function askWhereToSave(parent: BrowserWindow | null, fileName: string): Promise<string | null> {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const filter = extensionFilters[extension];
  const options: Electron.SaveDialogOptions = {
    defaultPath: join(app.getPath('documents'), fileName),
    ...(filter ? { filters: [filter] } : {}),
  };
  const answer = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return answer.canceled || !answer.filePath ? null : answer.filePath;
}

/** Writes an export where the associate chooses. */
export async function saveFile(
  parent: BrowserWindow | null,
  raw: unknown,
): Promise<Result<{ path: string } | null>> {
  const parsed = exportedFileSchema.safeParse(raw);
  if (!parsed.success) return invalid(`the file to save is malformed: ${z.prettifyError(parsed.error)}`);
  const path = await askWhereToSave(parent, parsed.data.fileName);
  if (!path) return { ok: true, value: null };
  try {
    await writeFile(path, Buffer.from(parsed.data.base64, 'base64'));
    return { ok: true, value: { path } };
  } catch (error) {
    return {
      ok: false,
      error: { kind: 'internal', message: `could not write ${path}: ${(error as Error).message}` },
    };
  }
}

/**
 * Chromium prints the lookbook's HTML (the same page core renders for every format) to PDF: in an offscreen,
 * sandboxed window with JavaScript off, loaded from a temporary file (large inline images would overflow a
 * data: URL).
 */
export async function renderLookbookPdf(html: string): Promise<Buffer> {
  const folder = await mkdtemp(join(tmpdir(), 'atelier-lookbook-'));
  const page = join(folder, 'lookbook.html');
  const printer = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    await writeFile(page, html, 'utf8');
    await printer.loadFile(page);
    return await printer.webContents.printToPDF({
      printBackground: true,
      preferCSSPageSize: true,
      generateDocumentOutline: true,
    });
  } finally {
    printer.destroy();
    await rm(folder, { recursive: true, force: true });
  }
}

export async function printLookbook(
  parent: BrowserWindow | null,
  dispatch: Dispatch,
  rawArgs: unknown,
): Promise<Result<{ path: string } | null>> {
  const args = z
    .object({ selectionId: z.number().int().positive(), acknowledgeNoMarketingConsent: z.boolean() })
    .safeParse(rawArgs);
  if (!args.success) return invalid(`which lookbook to print: ${z.prettifyError(args.error)}`);
  const page = await dispatch('selections.lookbook', args.data);
  if (!page.ok) return page;
  const { html, fileName } = page.value as { html: string; fileName: string };
  const path = await askWhereToSave(parent, fileName);
  if (!path) return { ok: true, value: null };
  try {
    await writeFile(path, await renderLookbookPdf(html));
    return { ok: true, value: { path } };
  } catch (error) {
    return {
      ok: false,
      error: { kind: 'internal', message: `could not print the lookbook: ${(error as Error).message}` },
    };
  }
}

export async function chooseModelFile(parent: BrowserWindow | null): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Choose a GGUF model file',
    properties: ['openFile'],
    filters: [{ name: 'GGUF model', extensions: ['gguf'] }],
  };
  const answer = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return answer.canceled ? null : (answer.filePaths[0] ?? null);
}

export async function openExternal(url: unknown): Promise<void> {
  if (typeof url === 'string' && isExternalLink(url)) await shell.openExternal(url);
}
