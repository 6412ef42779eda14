import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs } from '../../../core/api/contract/index.js';
import { fixedClock } from '../../../core/clock.js';
import { openDatabase } from '../../../core/db/open.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { runEngine } from '../../../core/engine/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { apiValue, testApi } from '../../support/api.js';

let folder: string;
let dbFile: string;
let api: ApiService;
const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

/** Every client the search finds, page by page. */
async function everyone(scope: 'mine' | 'store' | 'all', extra: MethodArgs<'clients.search'> = {}) {
  const rows = [];
  for (let offset = 0; ; offset += 500) {
    const page = await value('clients.search', { ...extra, scope, limit: 500, offset });
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-scope-'));
  dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile, { clients: 240, items: 220 });
  const db = openDatabase(dbFile);
  try {
    await optimizeBoutique(db, runEngine);
  } finally {
    db.close();
  }
  api = testApi(dbFile, folder, { clock: fixedClock('2025-10-01T09:00:00Z') });
}, 120_000);

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('my book, my store, all stores', () => {
  it('is the whole boutique in every scope until someone says who they are', async () => {
    const all = await everyone('all');
    expect(all).toHaveLength(240);
    expect(await everyone('mine')).toHaveLength(240);
    expect((await value('clients.search', {})).total).toBe(240);
  });

  it('searches my book by default, my store or every store on request, with the other filters on top', async () => {
    const { associates } = await value('associates.list', {});
    const me = [...associates].sort((a, b) => b.clientCount - a.clientCount)[0]!;
    await value('associates.choose', { associateId: me.id });
    const all = await everyone('all');
    const mine = await everyone('mine');
    const store = await everyone('store');
    expect(mine.length).toBe(me.clientCount);
    expect(mine.map((c) => c.id).sort()).toEqual(
      all
        .filter((c) => c.associate === me.name)
        .map((c) => c.id)
        .sort(),
    );
    expect((await value('clients.search', {})).total).toBe(me.clientCount);
    expect(store.map((c) => c.id).sort()).toEqual(
      all
        .filter((c) => c.store === me.store)
        .map((c) => c.id)
        .sort(),
    );
    expect(mine.length).toBeLessThan(store.length);
    expect(store.length).toBeLessThan(all.length);
    // A filter narrows the scope, never widens it: another associate's clients are not "mine".
    const other = associates.find((a) => a.name !== me.name && a.clientCount > 0)!;
    expect(await everyone('mine', { associates: [other.name] })).toHaveLength(0);
    const vip = await everyone('mine', { tiers: ['VIP'] });
    expect(vip.map((c) => c.id).sort()).toEqual(
      mine
        .filter((c) => c.tier === 'VIP')
        .map((c) => c.id)
        .sort(),
    );
  });

  it('counts Insights and exports segments within the scope', async () => {
    const { current } = await value('associates.list', {});
    const me = current!;
    const all = await value('insights.overview', { scope: 'all', minClients: 2 });
    const mine = await value('insights.overview', { scope: 'mine', minClients: 2 });
    expect(all.segments.length).toBeGreaterThan(0);
    expect(mine.segments.length).toBeGreaterThan(0);
    const byId = new Map((await everyone('all')).map((c) => [c.id, c]));
    for (const s of mine.segments) {
      for (const c of s.clients) expect(byId.get(c.id)?.associate).toBe(me.name);
      const whole = all.segments.find((w) => w.key === s.key);
      if (whole) expect(s.clientCount).toBeLessThanOrEqual(whole.clientCount);
    }
    const shared = mine.segments[0]!;
    const fromAll = all.segments.find((s) => s.key === shared.key)!;
    expect(fromAll.clientCount).toBeGreaterThan(shared.clientCount);

    const lines = async (scope: 'mine' | 'all') => {
      const file = await value('insights.exportSegment', { segment: shared.key, format: 'csv', scope });
      return Buffer.from(file.base64, 'base64').toString('utf8').trim().split('\n').slice(1);
    };
    const myLines = await lines('mine');
    expect(myLines.length).toBeGreaterThan(0);
    for (const line of myLines) expect(line).toContain(me.name);
    expect((await lines('all')).length).toBeGreaterThan(myLines.length);
    // A segment of the boutique's with none of my clients is a clear refusal, not an empty file.
    const myIds = new Set((await everyone('mine')).map((c) => c.id));
    const others = all.segments.filter((s) => s.clients.every((c) => !myIds.has(c.id)));
    for (const s of others) {
      const result = await api.dispatch('insights.exportSegment', {
        segment: s.key,
        format: 'csv',
        scope: 'mine',
      });
      if (result.ok) {
        const text = Buffer.from((result.value as { base64: string }).base64, 'base64').toString('utf8');
        for (const line of text.trim().split('\n').slice(1)) expect(line).toContain(me.name);
      } else expect(result.error.message).toBe(`no client in your book is in the segment "${s.name}"`);
    }
  });

  it('exports the client book as it is filtered, within the scope, without those who refused marketing', async () => {
    const { current } = await value('associates.list', {});
    const me = current!;
    const mine = await everyone('mine', { sort: 'name' });
    const file = await value('clients.export', { scope: 'mine', format: 'csv', sort: 'name' });
    const lines = Buffer.from(file.base64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Client number,Name,Email,Phone,Tier,Store,Associate,Last visit');
    const contactable = mine.filter((c) => c.consentMarketing);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(contactable.map((c) => c.externalId));
    expect(file.included).toBe(contactable.length);
    expect(file.leftOutNoMarketingConsent).toBe(mine.length - contactable.length);
    expect(file.fileName).toMatch(/^clients-[a-z-]+\.csv$/);
    expect(file.fileName).toContain(
      me.name.split(' ')[0]!.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, ''),
    );

    const vip = await value('clients.export', { scope: 'all', format: 'xlsx', tiers: ['VIP'] });
    const all = await everyone('all', { tiers: ['VIP'] });
    expect(vip.included + vip.leftOutNoMarketingConsent).toBe(all.length);
    expect(vip.fileName).toBe('clients-all-stores.xlsx');
    expect(Buffer.from(vip.base64, 'base64').subarray(0, 2).toString()).toBe('PK');

    const none = await api.dispatch('clients.export', { scope: 'all', format: 'csv', search: 'zzzz-nobody' });
    expect(none.ok ? null : none.error.message).toBe('no client matches these filters: nothing to export');
  });

  it('signs notes and selections with the associate using the app, and the lookbook says who prepared it', async () => {
    const { current } = await value('associates.list', {});
    const [client] = await everyone('all', { search: '' });
    const note = await value('clients.addNote', { clientId: client!.id, body: 'Prefers calls after six.' });
    expect(note.author).toBe(current!.name);
    const signed = await value('clients.addNote', {
      clientId: client!.id,
      body: 'Met at the trunk show.',
      author: 'Guest',
    });
    expect(signed.author).toBe('Guest');

    const made = await value('selections.create', { title: 'For the gala', clientId: client!.id });
    expect(made.author).toBe(current!.name);
    expect((await value('selections.list', {})).find((s) => s.id === made.id)?.author).toBe(current!.name);
    const { html } = await value('selections.lookbook', {
      selectionId: made.id,
      acknowledgeNoMarketingConsent: true,
    });
    expect(html).toContain(`Prepared by ${current!.name}`);
  });
});
