import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionView, TodayView } from '../../../core/api/contract/index.js';
import { runCliCaptured } from '../../support/cli-io.js';

let dir: string;
let file: string;
const atelier = (...argv: string[]) => runCliCaptured(argv);

// The issue's acceptance, on the default demo boutique: demo, optimize, then today and attribution.
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'atelier-day-cli-'));
  file = path.join(dir, 'd.db');
  expect((await atelier('demo', '--db', file)).code).toBe(0);
  expect((await atelier('optimize', '--db', file)).code).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atelier today, contact and attribution', () => {
  it('lists at least 10 entries of at least 3 kinds for a demo associate, none with a message without consent', async () => {
    const { code, out } = await atelier('today', '--db', file, '--as', 'Céline Marchand', '--json');
    expect(code).toBe(0);
    const view = JSON.parse(out) as TodayView;
    expect(view.entries.length).toBeGreaterThanOrEqual(10);
    expect(new Set(view.entries.map((e) => e.kind)).size).toBeGreaterThanOrEqual(3);
    for (const e of view.entries) {
      expect(e.reasons.length).toBeGreaterThan(0);
      expect(e.client.associate).toBe('Céline Marchand');
      if (!e.canMessage) expect([e.message, e.pieces]).toEqual([null, []]);
    }
    expect(view.entries.some((e) => e.message !== null)).toBe(true);
    const text = await atelier('today', '--db', file, '--as', 'celine marchand', '--limit', '3');
    expect(text.out).toMatch(
      /^Today, 2025-10-01 \(.+\), Céline Marchand's book: 3 to contact of \d+ clients\n/,
    );
  });

  it('gives non-zero contacts and influenced purchases on the demo', async () => {
    const { code, out } = await atelier('attribution', '--db', file, '--json');
    expect(code).toBe(0);
    const view = JSON.parse(out) as AttributionView;
    expect(view.totals.contacts).toBeGreaterThan(0);
    expect(view.totals.influencedPurchases).toBeGreaterThan(0);
    expect(view.byAssociate.length).toBeGreaterThan(1);
    const since = await atelier('attribution', '--db', file, '--since', '2025-13-01');
    expect([since.code, since.err]).toEqual([
      2,
      expect.stringContaining('--since must be a date (YYYY-MM-DD), not "2025-13-01"'),
    ]);
  });

  it('logs a contact with a template’s message, and warns past the frequency guard unless forced', async () => {
    const view = JSON.parse(
      (await atelier('today', '--db', file, '--as', 'Céline Marchand', '--json')).out,
    ) as TodayView;
    const client = view.entries.find((e) => e.canMessage && e.client.email)!.client;
    const args = [
      'contact',
      '--db',
      file,
      '--client',
      client.externalId,
      '--channel',
      'email',
      '--as',
      'Céline Marchand',
    ];
    const first = await atelier(...args, '--template', 'thank-you', '--json');
    expect(first.code).toBe(0);
    const logged = JSON.parse(first.out) as {
      clientId: number;
      channel: string;
      template: string;
      message: string;
    };
    expect(logged).toMatchObject({ clientId: client.id, channel: 'email', template: 'thank-you' });
    expect(logged.message).toContain('Thank you for your visit');
    expect((await atelier(...args)).code).toBe(0);
    const third = await atelier(...args);
    expect(third.code).not.toBe(0);
    expect(third.err).toContain(`${client.name} was contacted 2 times in the last 7 days`);
    expect((await atelier(...args, '--force')).code).toBe(0);
    const unknown = await atelier(
      'contact',
      '--db',
      file,
      '--client',
      'NOPE',
      '--channel',
      'phone',
      '--as',
      'Céline Marchand',
    );
    expect(unknown.err).toContain('there is no client NOPE');
    const badChannel = await atelier(...args.slice(0, 6), 'fax');
    expect(badChannel.err).toContain(
      '--channel must be one of email, sms, whatsapp, phone, in-person, not "fax"',
    );
  });
});
