import { BrowserWindow, nativeTheme, shell } from 'electron';
import { hardenContents, secureWebPreferences } from './security.js';

export interface WindowPages {
  /** The dev server URL (electron-vite dev) or the built index.html's file URL. */
  readonly appUrl: string;
  /** The built index.html (production), or null with a dev server. */
  readonly indexFile: string | null;
  readonly preload: string;
}

export function createMainWindow(pages: WindowPages): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Atelier',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(pages.preload),
  });
  hardenContents(window.webContents, pages.appUrl, shell);
  window.once('ready-to-show', () => window.show());
  if (pages.indexFile) void window.loadFile(pages.indexFile);
  else void window.loadURL(pages.appUrl);
  return window;
}
