import { buildRenderer, rendererNeedsBuild } from '../../core/api/web/launch.js';

/**
 * Builds the renderer once, before any test file starts, when it is missing or older than its sources: the
 * end-to-end files run in parallel and would otherwise race to build out/ (a fresh clone has none).
 */
export default function setup(): void {
  if (rendererNeedsBuild()) buildRenderer();
}
