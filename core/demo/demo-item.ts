import type { ItemRecord } from '../domain/catalog.js';

/** An item of the demo boutique: its catalog record and what the generator knows of it. */
export interface DemoItem {
  readonly record: ItemRecord;
  /** Its taste words, lowercase, as they appear in its attributes, title or description. */
  readonly features: readonly string[];
  /** The second level of its category path ("Bags", "Rings"): what follows what in a client's story. */
  readonly line: string;
  /** When it reached the boutiques (epoch ms); nobody touches it before. */
  readonly launchedAt: number;
  /** How much it sells regardless of taste: the bestsellers every client ends up looking at. */
  readonly popularity: number;
  /** Bought again when used up (fragrance, candles). */
  readonly consumable: boolean;
}
