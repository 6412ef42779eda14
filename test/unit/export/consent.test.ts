import { describe, expect, it } from 'vitest';
import {
  assertMarketingConsent,
  campaignAudience,
  ConsentRequiredError,
  marketingConsentStatus,
  refusedMarketing,
} from '../../../core/export/consent.js';
import type { Selection, SelectionClient } from '../../../core/api/contract/selections.js';

const member = (externalId: string, consentMarketing: boolean, strength: number) => ({
  externalId,
  consentMarketing,
  strength,
});

const client = (consentMarketing: boolean): SelectionClient => ({
  id: 7,
  externalId: 'C-7',
  name: 'Inès Moreau',
  email: null,
  tier: 'Gold',
  store: null,
  associate: null,
  consentMarketing,
});

const selection = (forClient: SelectionClient | null): Selection => ({
  id: 1,
  title: 'Autumn silks',
  message: '',
  author: null,
  client: forClient,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  items: [],
});

describe('the marketing rule', () => {
  it('holds against a client who refused marketing only', () => {
    expect(refusedMarketing({ consentMarketing: false })).toBe(true);
    expect(refusedMarketing({ consentMarketing: true })).toBe(false);
  });

  it('splits a campaign into who may be contacted and who refused, keeping the order', () => {
    const audience = campaignAudience([
      member('C1', true, 0.9),
      member('C2', false, 0.8),
      member('C3', true, 0.7),
      member('C7', false, 0.6),
    ]);
    expect(audience.contactable.map((m) => m.externalId)).toEqual(['C1', 'C3']);
    expect(audience.refusedMarketing.map((m) => m.externalId)).toEqual(['C2', 'C7']);
    // The members come back whole (the export still needs their strength).
    expect(audience.contactable[1]).toEqual(member('C3', true, 0.7));
  });

  it('leaves a campaign empty when everyone refused, and empty when it has nobody', () => {
    expect(campaignAudience([member('C2', false, 1)])).toEqual({
      contactable: [],
      refusedMarketing: [member('C2', false, 1)],
    });
    expect(campaignAudience([])).toEqual({ contactable: [], refusedMarketing: [] });
  });

  it('flags a selection for a client who refused, and refuses to export it unacknowledged', () => {
    expect(marketingConsentStatus(selection(client(false)))).toEqual({
      required: true,
      clientId: 7,
      clientName: 'Inès Moreau',
    });
    expect(marketingConsentStatus(selection(client(true))).required).toBe(false);
    expect(marketingConsentStatus(selection(null))).toEqual({
      required: false,
      clientId: null,
      clientName: null,
    });
    expect(() =>
      assertMarketingConsent(selection(client(false)), { acknowledgeNoMarketingConsent: false }),
    ).toThrow(ConsentRequiredError);
    expect(() =>
      assertMarketingConsent(selection(client(false)), { acknowledgeNoMarketingConsent: true }),
    ).not.toThrow();
    expect(() =>
      assertMarketingConsent(selection(client(true)), { acknowledgeNoMarketingConsent: false }),
    ).not.toThrow();
  });
});
