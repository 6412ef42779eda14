import { z } from 'zod';
import { noArgs, paging, values, type FacetCount, type Page } from './shared.js';

// ---- catalog: items and their inferred semantic features --------------------------------------------------

export const itemQuerySchema = z.object({
  search: z.string().trim().max(200).default(''),
  maisons: values,
  /** A category path prefix, e.g. 'Bags' or 'Bags > Totes'. */
  category: z.string().trim().max(500).default(''),
  /** Items a reasoner gave this semantic feature (optionally only that reasoner's). */
  feature: z.string().trim().max(200).optional(),
  reasoner: z.string().trim().max(200).optional(),
  sort: z.enum(['title', 'maison', 'price', 'newest']).default('title'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  ...paging,
});
export type ItemQuery = z.input<typeof itemQuerySchema>;

export const catalogMethods = {
  'catalog.search': z.object({
    search: z.string().trim().max(200).default(''),
    maisons: values,
    category: z.string().trim().max(500).default(''),
    feature: z.string().trim().min(1).max(200).optional(),
    sort: z.enum(['title', 'maison', 'price', 'newest']).default('title'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    ...paging,
  }),
  'catalog.facets': noArgs,
};
export interface CatalogResults {
  'catalog.search': CatalogPage;
  'catalog.facets': CatalogFacets;
}

/** An item as the catalog lists it. */
export interface CatalogItemBase {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly category: readonly string[];
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
  readonly collection: string | null;
  readonly materials: readonly string[];
  readonly colours: readonly string[];
}

export interface CatalogFacetsBase {
  readonly maisons: readonly FacetCount[];
  /** Top-level categories. */
  readonly categories: readonly FacetCount[];
}

export interface ItemFeature {
  readonly feature: string;
  readonly facet: string;
  readonly weight: number;
}

export interface CatalogItem extends CatalogItemBase {
  /** The semantic features the current reasoner gave it, strongest first. */
  readonly features: readonly ItemFeature[];
}

/** Where an item's semantic features come from: the reasoner, its model and prompt version, the run. */
export interface FeatureSource {
  readonly reasoner: string;
  readonly runId: number;
  readonly model: string | null;
  readonly promptVersion: string;
}

export interface CatalogPage extends Page<CatalogItem> {
  /** Null before any reasoning run. */
  readonly featureSource: FeatureSource | null;
}

export interface CatalogFacets extends CatalogFacetsBase {
  readonly featureSource: FeatureSource | null;
  /** Semantic features with how many items have each. */
  readonly features: readonly (FacetCount & { readonly facet: string })[];
}
