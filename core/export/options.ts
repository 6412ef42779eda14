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
  /** Resolves image paths that are relative (as an import may store them). */
  readonly imageRoot?: string;
  /** The associate confirmed exporting for a client who refused marketing. */
  readonly acknowledgeNoMarketingConsent?: boolean;
}

export interface ResolvedExportOptions {
  readonly clock: Clock;
  readonly locale: string;
  readonly timeZone: string | undefined;
  readonly boutique: string | undefined;
  readonly associate: string | undefined;
  readonly imageRoot: string | undefined;
  readonly acknowledgeNoMarketingConsent: boolean;
}

export function resolveExportOptions(options: ExportOptions = {}): ResolvedExportOptions {
  return {
    clock: options.clock ?? systemClock,
    locale: options.locale ?? 'en-GB',
    timeZone: options.timeZone,
    boutique: options.boutique,
    associate: options.associate,
    imageRoot: options.imageRoot,
    acknowledgeNoMarketingConsent: options.acknowledgeNoMarketingConsent ?? false,
  };
}
