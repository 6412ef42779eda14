import type { Selection } from '../api/contract/selections.js';
import { CoreError } from '../domain/errors.js';

export interface MarketingConsentStatus {
  /** True when exporting needs the associate to acknowledge the client refused marketing. */
  readonly required: boolean;
  readonly clientId: number | null;
  readonly clientName: string | null;
}

/** A selection for a client who refused marketing: nothing is exported unless the associate acknowledges it. */
export class ConsentRequiredError extends CoreError<'consent-required'> {
  constructor(
    readonly clientId: number,
    readonly clientName: string,
  ) {
    super(
      'consent-required',
      'consent',
      `${clientName} (client ${clientId}) refused marketing communications; nothing was exported. ` +
        'Export only if the client asked for this selection, and acknowledge it to go ahead.',
    );
  }
}

/** The one marketing rule: a client who refused marketing is not contacted without a reason they gave. */
export function refusedMarketing(client: { readonly consentMarketing: boolean }): boolean {
  return !client.consentMarketing;
}

/** A campaign list: who may be contacted, and who was left out because they refused marketing. */
export interface CampaignAudience<T> {
  readonly contactable: readonly T[];
  readonly refusedMarketing: readonly T[];
}

/**
 * Splits a campaign's clients (a segment's members) by the marketing rule, keeping their order. Nobody
 * acknowledges anything for a campaign: it goes to many clients, none of whom asked for it.
 */
export function campaignAudience<T extends { readonly consentMarketing: boolean }>(
  clients: readonly T[],
): CampaignAudience<T> {
  const contactable: T[] = [];
  const refused: T[] = [];
  for (const client of clients) (refusedMarketing(client) ? refused : contactable).push(client);
  return { contactable, refusedMarketing: refused };
}

/** For the UI to flag the selection before the associate even picks a format. */
export function marketingConsentStatus(selection: Selection): MarketingConsentStatus {
  const client = selection.client;
  return {
    required: client !== null && refusedMarketing(client),
    clientId: client?.id ?? null,
    clientName: client?.name ?? null,
  };
}

export function assertMarketingConsent(
  selection: Selection,
  options: { readonly acknowledgeNoMarketingConsent: boolean },
): void {
  const client = selection.client;
  if (client && refusedMarketing(client) && !options.acknowledgeNoMarketingConsent)
    throw new ConsentRequiredError(client.id, client.name);
}
