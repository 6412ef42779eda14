import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { AppResults } from '../contract/index.js';
import { schemaVersion } from '../../db/open.js';
import { tableCounts } from '../../db/catalog/store.js';

export function appHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof AppResults> {
  return {
    'app.info': () => {
      const counts = tableCounts(ctx.db);
      return {
        version: ctx.version,
        mode: ctx.mode,
        databaseFile: ctx.dbFile,
        schemaVersion: schemaVersion(ctx.db),
        counts: {
          items: counts['items'] ?? 0,
          clients: counts['clients'] ?? 0,
          interactions: counts['interactions'] ?? 0,
        },
      };
    },
  };
}
