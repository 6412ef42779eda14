import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent, AtelierBridge } from '../../core/api/contract/index.js';
import { channels } from '../main/channels.js';

/**
 * The whole surface the renderer sees: `window.atelier`, a named API. Never ipcRenderer itself, never a
 * channel name chosen by the page.
 */
const bridge: AtelierBridge = {
  invoke: (method, args) => ipcRenderer.invoke(channels.invoke, method, args),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, message: ApiEvent) => listener(message);
    ipcRenderer.on(channels.event, forward);
    return () => void ipcRenderer.removeListener(channels.event, forward);
  },
  saveFile: (file) => ipcRenderer.invoke(channels.saveFile, file),
  printLookbook: (args) => ipcRenderer.invoke(channels.printLookbook, args),
  chooseModelFile: () => ipcRenderer.invoke(channels.chooseModelFile),
  openExternal: (url) => ipcRenderer.invoke(channels.openExternal, url),
};

contextBridge.exposeInMainWorld('atelier', bridge);
