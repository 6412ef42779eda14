/** The IPC channels between the preload and the main process: the only ones either side uses. */
export const channels = {
  invoke: 'atelier:invoke',
  event: 'atelier:event',
  saveFile: 'atelier:save-file',
  printLookbook: 'atelier:print-lookbook',
  chooseModelFile: 'atelier:choose-model-file',
  openExternal: 'atelier:open-external',
} as const;
