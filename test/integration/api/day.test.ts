import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs, Result, Results } from '../../../core/api/contract/index.js';
import { fixedClock } from '../../../core/clock.js';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { openDatabase } from '../../../core/db/open.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { interactionRecordSchema } from '../../../core/domain/catalog.js';
import { runEngine } from '../../../core/engine/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { apiValue, testApi } from '../../support/api.js';

let folder: string;
let dbFile: string;
let api: ApiService;

const call = <M extends Method>(method: M, args: MethodArgs<M>) =>
  api.dispatch(method, args) as Promise<Result<Results[M]>>;
const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-day-'));
  dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile, { clients: 200, items: 220 });
  const db = openDatabase(dbFile);
  try {
    await optimizeBoutique(db, runEngine);
  } finally {
    db.close();
  }
  // The demo's clock starts at the end of its history, 1 October 2025, when it is seeded.
  api = testApi(dbFile, folder, { clock: fixedClock(new Date().toISOString()) });
}, 120_000);

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the associate’s day through the API', () => {
  it('lists whom to contact for the associate chosen, with reasons, pieces and a message only with consent', async () => {
    const { associates } = await value('associates.list', {});
    const busiest = [...associates].sort((a, b) => b.clientCount - a.clientCount)[0]!;
    await value('associates.choose', { associateId: busiest.id });
    const view = await value('outreach.today', { scope: 'store' });
    expect(view.today).toBe('2025-10-01');
    expect(view.associate?.name).toBe(busiest.name);
    expect(view.entries.length).toBeGreaterThanOrEqual(5);
    expect(new Set(view.entries.map((e) => e.kind)).size).toBeGreaterThanOrEqual(2);
    for (const e of view.entries) {
      expect(e.client.store).toBe(busiest.store);
      expect(e.reasons.length).toBeGreaterThan(0);
      if (!e.canMessage) expect([e.message, e.pieces, e.purpose]).toEqual([null, [], null]);
    }
    const scores = view.entries.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('sends a selection from a line: the message, the contact log, the frequency guard, and attribution', async () => {
    const view = await value('outreach.today', { scope: 'all' });
    const line = view.entries.find((e) => e.canMessage && e.pieces.length > 0 && e.client.email)!;
    const selection = await value('selections.create', {
      title: 'For today',
      clientId: line.client.id,
      itemIds: line.pieces.map((p) => p.id),
    });
    const message = await value('outreach.message', {
      clientId: line.client.id,
      purpose: 'selection',
      channel: 'email',
      selectionId: selection.id,
    });
    expect(message.body).toContain(
      `1. ${[line.pieces[0]!.maison, line.pieces[0]!.title].filter(Boolean).join(' — ')}`,
    );
    expect(message.link).toMatch(/^mailto:/);
    // The associate edits the text: the link carries her words.
    const edited = await value('outreach.link', {
      clientId: line.client.id,
      channel: 'email',
      subject: 'For you',
      body: 'Edited, with care',
    });
    expect(edited.link).toMatch(/\?subject=For%20you&body=Edited%2C%20with%20care$/);
    const before = await value('outreach.attribution', {});
    const contact = await value('contacts.mark', {
      clientId: line.client.id,
      channel: 'email',
      message: message.body,
      template: message.templateName,
      selectionId: selection.id,
      followUpIds: line.reasons.flatMap((r) => (r.followUpId === null ? [] : [r.followUpId])),
    });
    expect(contact.pieces.map((p) => p.itemId)).toEqual(line.pieces.map((p) => p.id));
    expect((await value('contacts.list', { clientId: line.client.id }))[0]).toEqual(contact);
    expect((await value('contacts.frequency', { clientId: line.client.id })).recent).toBeGreaterThanOrEqual(
      1,
    );
    // She buys the first piece two days later.
    const db = openDatabase(dbFile);
    try {
      const writer = new CatalogWriter(db, () => contact.contactedAt);
      const bought = interactionRecordSchema.parse({
        clientExternalId: line.client.externalId,
        itemExternalId: line.pieces[0]!.externalId,
        kind: 'purchase',
        occurredAt: new Date(Date.parse(contact.contactedAt) + 2 * 86_400_000).toISOString(),
      });
      db.transaction(() => writer.insertInteraction(bought, 0))();
    } finally {
      db.close();
    }
    const after = await value('outreach.attribution', {});
    expect(after.totals.contacts).toBe(before.totals.contacts + 1);
    expect(after.totals.influencedPurchases).toBe(before.totals.influencedPurchases + 1);
    expect(after.recent[0]).toMatchObject({
      clientId: line.client.id,
      itemId: line.pieces[0]!.id,
      samePiece: true,
    });
  });

  it('refuses a message to a client who refused marketing, and names what is wrong in dates and follow-ups', async () => {
    const view = await value('outreach.today', { scope: 'all' });
    const refused = view.entries.find((e) => !e.canMessage);
    if (refused) {
      const answer = await call('outreach.message', {
        clientId: refused.client.id,
        purpose: 'selection',
        channel: 'sms',
      });
      expect(answer).toMatchObject({ ok: false, error: { kind: 'consent' } });
    }
    const clientId = view.entries[0]!.client.id;
    expect(await call('clients.setDate', { clientId, label: 'Anniversary', month: 4, day: 31 })).toEqual({
      ok: false,
      error: { kind: 'bad-input', message: 'April has no day 31' },
    });
    const set = await value('clients.setDate', { clientId, label: 'Anniversary', month: 2, day: 29 });
    expect((await value('clients.dates', { clientId })).map((d) => d.label)).toContain('Anniversary');
    expect(
      (await value('clients.removeDate', { clientId, dateId: set.id })).map((d) => d.label),
    ).not.toContain('Anniversary');
    expect(await call('clients.dates', { clientId: 999_999 })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    const made = await value('followUps.create', {
      clientId,
      dueOn: '2025-10-03',
      reason: 'Call about the fitting',
    });
    expect(made.author).not.toBeNull();
    expect((await value('followUps.list', { scope: 'all', window: 'upcoming' })).map((f) => f.id)).toContain(
      made.id,
    );
    const done = await value('followUps.update', { id: made.id, status: 'done' });
    expect(done.status).toBe('done');
    expect(await call('followUps.update', { id: made.id, status: 'snoozed' })).toEqual({
      ok: false,
      error: { kind: 'bad-input', message: 'snoozing needs the day it comes back' },
    });
  });
});
