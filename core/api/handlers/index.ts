import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import { appHandlers } from './app.js';
import { associateHandlers } from './associates.js';
import { catalogHandlers } from './catalog.js';
import { dayHandlers } from './day.js';
import { clientHandlers } from './clients.js';
import { engineHandlers } from './engine.js';
import { importHandlers } from './imports.js';
import { insightHandlers } from './insights.js';
import { jobHandlers } from './jobs.js';
import { selectionHandlers } from './selections.js';

/** Every feature's handlers in one map; a method without a handler fails to compile here. */
export function createHandlers(ctx: ApiContext): ServerHandlers {
  return {
    ...appHandlers(ctx),
    ...clientHandlers(ctx),
    ...catalogHandlers(ctx),
    ...selectionHandlers(ctx),
    ...insightHandlers(ctx),
    ...engineHandlers(ctx),
    ...importHandlers(ctx),
    ...jobHandlers(ctx),
    ...associateHandlers(ctx),
    ...dayHandlers(ctx),
  };
}
