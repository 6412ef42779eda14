import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs, Results } from '../../../core/api/contract/index.js';
import type { Result } from '../../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { fixedClock } from '../../../core/clock.js';
import { apiValue, testApi } from '../../support/api.js';

let folder: string;
let api: ApiService;

const call = <M extends Method>(method: M, args: MethodArgs<M>) =>
  api.dispatch(method, args) as Promise<Result<Results[M]>>;

const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-api-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  api = testApi(dbFile, folder, { clock: fixedClock('2025-10-02T09:00:00Z') });
});

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the client book through the API', () => {
  it('counts the demo boutique', async () => {
    const info = await value('app.info', {});
    expect(info.counts.clients).toBeGreaterThanOrEqual(800);
    expect(info.counts.items).toBeGreaterThanOrEqual(400);
    expect(info.counts.interactions).toBeGreaterThanOrEqual(10_000);
  });

  it('finds a client by a word of the name, whatever the accents and case', async () => {
    const all = await value('clients.search', { limit: 5, sort: 'name' });
    const someone = all.rows[0]!;
    const word = someone.name.split(' ').at(-1)!;
    const found = await value('clients.search', { search: word.toUpperCase(), limit: 500 });
    expect(found.rows.map((r) => r.id)).toContain(someone.id);
    expect(found.total).toBeLessThan(all.total);
  });

  it('filters by tier and consent and pages with a stable total', async () => {
    const facets = await value('clients.facets', {});
    const tier = facets.tiers[0]!;
    const page1 = await value('clients.search', { tiers: [tier.value], limit: 10 });
    const page2 = await value('clients.search', { tiers: [tier.value], limit: 10, offset: 10 });
    expect(page1.total).toBe(tier.count);
    expect(page2.total).toBe(tier.count);
    expect(new Set([...page1.rows, ...page2.rows].map((r) => r.id)).size).toBe(20);
    expect([...page1.rows, ...page2.rows].every((r) => r.tier === tier.value)).toBe(true);
    const refusing = await value('clients.search', { consentMarketing: false, limit: 500 });
    expect(refusing.rows.every((r) => !r.consentMarketing)).toBe(true);
  });

  it('opens a profile: header, timeline newest first, notes; adds a note', async () => {
    const [client] = (await value('clients.search', { sort: 'lastVisit', direction: 'desc', limit: 1 })).rows;
    const detail = await value('clients.get', { clientId: client!.id });
    expect(detail.name).toBe(client!.name);
    expect(Object.values(detail.interactionCounts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const timeline = await value('clients.timeline', { clientId: client!.id, limit: 20 });
    const dates = timeline.rows.map((e) => e.occurredAt);
    expect(dates).toEqual([...dates].sort().reverse());
    const before = (await value('clients.notes', { clientId: client!.id })).length;
    const note = await value('clients.addNote', {
      clientId: client!.id,
      body: 'Prefers appointments on Friday',
    });
    expect(note).toMatchObject({ clientId: client!.id, body: 'Prefers appointments on Friday' });
    const after = await value('clients.notes', { clientId: client!.id });
    expect(after).toHaveLength(before + 1);
  });

  it('names the problem with an unknown client and with bad arguments', async () => {
    expect(await call('clients.get', { clientId: 999_999 })).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'client 999999 does not exist' },
    });
    const bad = await call('clients.search', { lastVisitFrom: '31/12/2024' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.kind).toBe('invalid-arguments');
    expect(!bad.ok && bad.error.issues?.[0]?.where).toBe('lastVisitFrom');
  });

  it('shows no interests before any optimisation, saying so with a null run', async () => {
    const [client] = (await value('clients.search', { limit: 1 })).rows;
    const interests = await value('clients.interests', { clientId: client!.id });
    expect(interests.run).toBeNull();
    expect(interests.explicit).toEqual([]);
  });
});

describe('the catalog through the API', () => {
  it('searches items and offers maisons and categories as facets', async () => {
    const facets = await value('catalog.facets', {});
    expect(facets.maisons.length).toBeGreaterThan(2);
    const maison = facets.maisons[0]!;
    const page = await value('catalog.search', { maisons: [maison.value], limit: 500 });
    expect(page.total).toBe(maison.count);
    expect(page.rows.every((i) => i.maison === maison.value)).toBe(true);
  });
});

describe('selections through the API', () => {
  it('builds, reorders, notes and exports a selection; flags a client who refused marketing', async () => {
    const refusing = (await value('clients.search', { consentMarketing: false, limit: 1 })).rows[0]!;
    const items = (await value('catalog.search', { limit: 3 })).rows;
    const created = await value('selections.create', { title: 'Autumn silks', clientId: refusing.id });
    await value('selections.addItems', { selectionId: created.id, itemIds: items.map((i) => i.id) });
    const reordered = await value('selections.reorder', {
      selectionId: created.id,
      itemIds: [items[2]!.id, items[0]!.id, items[1]!.id],
    });
    expect(reordered.items.map((i) => i.itemId)).toEqual([items[2]!.id, items[0]!.id, items[1]!.id]);
    await value('selections.setNote', { selectionId: created.id, itemId: items[0]!.id, note: 'In her size' });

    const refused = await call('selections.export', { selectionId: created.id, format: 'csv' });
    expect(!refused.ok && refused.error.kind).toBe('consent');
    expect(!refused.ok && refused.error.message).toContain(refusing.name);

    const csv = await value('selections.export', {
      selectionId: created.id,
      format: 'csv',
      acknowledgeNoMarketingConsent: true,
    });
    const lines = Buffer.from(csv.base64, 'base64').toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(items[2]!.title.split(',')[0]!);
    expect(lines[2]).toContain('In her size');
    const pdf = await value('selections.export', {
      selectionId: created.id,
      format: 'pdf',
      acknowledgeNoMarketingConsent: true,
    });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const text = await value('selections.export', {
      selectionId: created.id,
      format: 'text',
      acknowledgeNoMarketingConsent: true,
    });
    expect(text.text).toContain(items[0]!.title);
    const page = await value('selections.lookbook', {
      selectionId: created.id,
      acknowledgeNoMarketingConsent: true,
    });
    expect(page.html).toMatch(/^<!doctype html>/i);
    expect(page.html).toContain('Autumn silks');
    expect(page.fileName).toMatch(/\.pdf$/);

    expect(
      await call('selections.addItems', { selectionId: created.id, itemIds: [items[0]!.id] }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'conflict' },
    });
  });
});
