import type { Selection } from '../selections/types.js';

export interface MarketingConsentStatus {
  /** True when exporting needs the associate to acknowledge the client refused marketing. */
  readonly required: boolean;
  readonly clientId: number | null;
  readonly clientName: string | null;
}

/** A selection for a client who refused marketing: nothing is exported unless the associate acknowledges it. */
export class ConsentRequiredError extends Error {
  override name = 'ConsentRequiredError';
  readonly kind = 'consent-required';
  constructor(
    readonly clientId: number,
    readonly clientName: string,
  ) {
    super(
      `${clientName} (client ${clientId}) refused marketing communications; nothing was exported. ` +
        'Export only if the client asked for this selection, and acknowledge it to go ahead.',
    );
  }
}

/** For the UI to flag the selection before the associate even picks a format. */
export function marketingConsentStatus(selection: Selection): MarketingConsentStatus {
  const client = selection.client;
  return {
    required: client !== null && !client.consentMarketing,
    clientId: client?.id ?? null,
    clientName: client?.name ?? null,
  };
}

export function assertMarketingConsent(
  selection: Selection,
  options: { readonly acknowledgeNoMarketingConsent: boolean },
): void {
  const client = selection.client;
  if (client && !client.consentMarketing && !options.acknowledgeNoMarketingConsent)
    throw new ConsentRequiredError(client.id, client.name);
}
