import { systemClock, type Clock } from '../clock.js';

export interface ExportOptions {
  /** Dates the cover and the file's metadata; tests pass a fixed one. */
  readonly clock?: Clock;
  /** BCP 47 locale for prices and dates; default en-GB. */
  readonly locale?: string;
  /** IANA zone for the cover date; default the machine's own. */
  readonly timeZone?: string;
  /** Shown on the cover; default the client's store. */
  readonly boutique?: string;
  /** Who signs the lookbook and the message; default the client's associate. */
  readonly associate?: string;
  /**
   * The only folders an item's picture is read from (the app's image store, the boutique's photo folder):
   * a relative path resolves inside them, an absolute one must lie inside one; anything else is refused.
   */
  readonly imageFolders?: readonly string[];
  /** The associate confirmed exporting for a client who refused marketing. */
  readonly acknowledgeNoMarketingConsent?: boolean;
}

export interface ResolvedExportOptions {
  readonly clock: Clock;
  readonly locale: string;
  readonly timeZone: string | undefined;
  readonly boutique: string | undefined;
  readonly associate: string | undefined;
  readonly imageFolders: readonly string[];
  readonly acknowledgeNoMarketingConsent: boolean;
}

export function resolveExportOptions(options: ExportOptions = {}): ResolvedExportOptions {
  return {
    clock: options.clock ?? systemClock,
    locale: options.locale ?? 'en-GB',
    timeZone: options.timeZone,
    boutique: options.boutique,
    associate: options.associate,
    imageFolders: options.imageFolders ?? [],
    acknowledgeNoMarketingConsent: options.acknowledgeNoMarketingConsent ?? false,
  };
}
