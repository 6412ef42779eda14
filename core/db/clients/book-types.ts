/**
 * What the client book and catalog queries return, as plain types: no code and no imports, so the renderer
 * shares them through core/api/types.ts (tsconfig.web.json includes this file) instead of repeating them.
 * The store (client-store-types.ts) and the API both use these.
 */

/** The kinds core/catalog/records.ts validates; the store's typed mapping checks the two lists agree. */
export type InteractionKind = 'purchase' | 'return' | 'try-on' | 'wishlist' | 'view';

export interface ClientRow {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly tier: string | null;
  readonly store: string | null;
  readonly associate: string | null;
  readonly tags: readonly string[];
  readonly consentMarketing: boolean;
  readonly consentProfiling: boolean;
  /** The latest interaction of any kind (purchase, return, try-on, wishlist, view); null when none. */
  readonly lastVisit: string | null;
}

export interface Page<T> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly T[];
}

export interface Money {
  readonly currency: string | null;
  readonly amountMinor: number;
}

export interface ClientDetail extends ClientRow {
  readonly sizes: Readonly<Record<string, string>>;
  readonly preferences: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Purchases minus returns, one entry per currency, largest first. */
  readonly lifetimeValue: readonly Money[];
  readonly interactionCounts: Readonly<Record<InteractionKind, number>>;
  readonly firstSeen: string | null;
  readonly noteCount: number;
}

export interface TimelineItem {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly image: string | null;
  readonly category: readonly string[];
}

export interface TimelineEvent {
  readonly id: number;
  readonly kind: InteractionKind;
  readonly occurredAt: string;
  readonly quantity: number;
  readonly amountMinor: number | null;
  readonly currency: string | null;
  readonly channel: string | null;
  readonly item: TimelineItem;
}

export interface ClientNote {
  readonly id: number;
  readonly clientId: number;
  readonly body: string;
  readonly author: string | null;
  readonly createdAt: string;
}

/** A value a filter offers, with how many records have it. */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface ClientFacets {
  readonly tiers: readonly FacetCount[];
  readonly stores: readonly FacetCount[];
  readonly associates: readonly FacetCount[];
  /** The 100 most used tags. */
  readonly tags: readonly FacetCount[];
  /** Inferred group interests of the latest completed run, with how many clients the filter finds for each. */
  readonly groupInterests: readonly FacetCount[];
}

export interface CatalogItem {
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

export interface CatalogFacets {
  readonly maisons: readonly FacetCount[];
  /** Top-level categories. */
  readonly categories: readonly FacetCount[];
}

/** An item as recommendations, hero items and evidence show it. */
export interface ItemSummary {
  readonly id: number;
  readonly externalId: string;
  readonly title: string;
  readonly maison: string | null;
  readonly categoryPath: string;
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
}
