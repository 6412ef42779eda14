import type { ApiContext } from '../context.js';
import type { ServerHandlers } from '../dispatch.js';
import type { CatalogResults } from '../contract/index.js';
import type { FeatureSource, ItemFeature } from '../contract/index.js';
import { latestCompletedRun } from '../../db/runs/engine-store.js';
import { latestReasoningRun, storedItemFeatures } from '../../db/runs/load-queries.js';
import { catalogFacets, searchItems } from '../../db/catalog/queries.js';
import type { ReasonerKind } from '../../domain/reasoners.js';

/**
 * The features the app shows are those of the reasoner the last optimisation used (what the interests and
 * recommendations were computed from); before any optimisation, the most capable reasoner that has run.
 */
export function currentFeatureSource(ctx: ApiContext): FeatureSource | null {
  const optimised = latestCompletedRun(ctx.db)?.reasoner;
  const candidates: ReasonerKind[] = optimised ? [optimised] : ['llama', 'openai', 'rules'];
  for (const reasoner of candidates) {
    const run = latestReasoningRun(ctx.db, reasoner);
    if (run) return { reasoner, runId: run.runId, model: run.model, promptVersion: run.promptVersion };
  }
  return null;
}

export function catalogHandlers(ctx: ApiContext): Pick<ServerHandlers, keyof CatalogResults> {
  let cached: { key: string; byItem: Map<number, ItemFeature[]> } | null = null;

  function featuresByItem(source: FeatureSource | null): Map<number, ItemFeature[]> {
    if (!source) return new Map();
    const key = `${source.reasoner}:${source.runId}`;
    if (cached?.key !== key) {
      const byItem = new Map<number, ItemFeature[]>();
      for (const f of storedItemFeatures(ctx.db, source.reasoner as ReasonerKind)) {
        let list = byItem.get(f.itemId);
        if (!list) byItem.set(f.itemId, (list = []));
        list.push({ feature: f.feature, facet: f.facet, weight: f.weight });
      }
      cached = { key, byItem };
    }
    return cached.byItem;
  }

  return {
    'catalog.search': ({ feature, ...query }) => {
      const source = currentFeatureSource(ctx);
      const page = searchItems(ctx.db, {
        ...query,
        ...(feature !== undefined ? { feature, ...(source ? { reasoner: source.reasoner } : {}) } : {}),
      });
      const features = featuresByItem(source);
      return {
        ...page,
        featureSource: source,
        rows: page.rows.map((item) => ({ ...item, features: features.get(item.id) ?? [] })),
      };
    },
    'catalog.facets': () => {
      const source = currentFeatureSource(ctx);
      const counts = new Map<string, { facet: string; count: number }>();
      for (const list of featuresByItem(source).values()) {
        for (const f of list) {
          const entry = counts.get(f.feature);
          if (entry) entry.count++;
          else counts.set(f.feature, { facet: f.facet, count: 1 });
        }
      }
      const features = [...counts]
        .map(([value, { facet, count }]) => ({ value, facet, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return { featureSource: source, ...catalogFacets(ctx.db), features };
    },
  };
}
