import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { SelectionResults } from '../contract/index.js';
import type { Selection } from '../contract/index.js';
import { exportFileName, exportSelection, lookbookHtml } from '../../export/index.js';
import { currentAssociate } from '../../db/outreach/associates.js';
import { photoFolder } from '../../db/outreach/settings.js';
import { imageStoreFolder } from '../../export/image-file.js';

export function selectionHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof SelectionResults> {
  const store = ctx.selections;
  // Pictures only from the app's image store and the boutique's photo folder, read afresh per export.
  const imageFolders = (): string[] => {
    const photos = photoFolder(ctx.db);
    return photos === null ? [imageStoreFolder(ctx.dbFile)] : [imageStoreFolder(ctx.dbFile), photos];
  };
  const changed = (selection: Selection): Selection => {
    ctx.events.emit({ event: 'data.changed', payload: { what: ['selections'] } });
    return selection;
  };
  return {
    'selections.list': (filter) => store.list(filter),
    'selections.get': ({ selectionId }) => store.get(selectionId),
    // Who prepared it: the associate the app runs as.
    'selections.create': (input) =>
      changed(store.create({ ...input, author: currentAssociate(ctx.db)?.name ?? null })),
    'selections.update': ({ selectionId, ...changes }) => changed(store.update(selectionId, changes)),
    'selections.delete': ({ selectionId }) => {
      store.delete(selectionId);
      ctx.events.emit({ event: 'data.changed', payload: { what: ['selections'] } });
      return { selectionId };
    },
    'selections.addItems': ({ selectionId, ...input }) => changed(store.addItems(selectionId, input)),
    'selections.removeItem': ({ selectionId, itemId }) => changed(store.removeItem(selectionId, itemId)),
    'selections.reorder': ({ selectionId, itemIds }) => changed(store.reorder(selectionId, itemIds)),
    'selections.setNote': ({ selectionId, itemId, note }) =>
      changed(store.setItemNote(selectionId, itemId, note)),
    'selections.export': async ({ selectionId, format, acknowledgeNoMarketingConsent }) => {
      const file = await exportSelection(store.get(selectionId), format, {
        clock: ctx.clock,
        acknowledgeNoMarketingConsent,
        imageFolders: imageFolders(),
      });
      return {
        fileName: file.fileName,
        mimeType: file.mimeType,
        base64: file.bytes.toString('base64'),
        text: format === 'text' ? file.bytes.toString('utf8') : null,
      };
    },
    'selections.lookbook': ({ selectionId, acknowledgeNoMarketingConsent }) => {
      const selection = store.get(selectionId);
      return {
        html: lookbookHtml(selection, {
          clock: ctx.clock,
          acknowledgeNoMarketingConsent,
          imageFolders: imageFolders(),
        }),
        fileName: exportFileName(selection, 'pdf'),
      };
    },
  };
}
