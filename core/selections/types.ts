/** A curated selection (lookbook) as the associate sees it: the client it is for and its ordered items. */
export interface SelectionClient {
  readonly id: number;
  readonly externalId: string;
  readonly name: string;
  readonly email: string | null;
  readonly tier: string | null;
  readonly store: string | null;
  readonly associate: string | null;
  /** False when the client refused marketing: exports for them need an explicit acknowledgement. */
  readonly consentMarketing: boolean;
}

export interface SelectionItem {
  readonly itemId: number;
  readonly externalId: string;
  /** Dense 0..n-1 within the selection. */
  readonly position: number;
  readonly note: string;
  readonly title: string;
  readonly maison: string | null;
  /** Minor units (cents) of `currency`. */
  readonly priceMinor: number | null;
  readonly currency: string | null;
  readonly image: string | null;
  /** Category path, broadest first, e.g. ['Accessories', 'Silk scarves']. */
  readonly category: readonly string[];
}

export interface Selection {
  readonly id: number;
  readonly title: string;
  readonly message: string;
  readonly client: SelectionClient | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly items: readonly SelectionItem[];
}

export interface SelectionSummary {
  readonly id: number;
  readonly title: string;
  readonly message: string;
  readonly clientId: number | null;
  readonly clientName: string | null;
  /** Null when the selection is for no one in particular. */
  readonly consentMarketing: boolean | null;
  readonly itemCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
