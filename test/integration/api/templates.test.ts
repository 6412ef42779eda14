import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs } from '../../../core/api/contract/index.js';
import { fixedClock } from '../../../core/clock.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { apiValue, testApi } from '../../support/api.js';

let folder: string;
let api: ApiService;
const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-templates-'));
  const dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile, { clients: 60, items: 200 });
  api = testApi(dbFile, folder, { clock: fixedClock('2025-10-01T09:00:00Z') });
}, 60_000);

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the boutique’s message templates', () => {
  it('lists the built-in ones for every purpose, language and channel, and the merge fields', async () => {
    const list = await value('templates.list', {});
    expect(list.templates).toEqual([]);
    expect(list.languages).toEqual(['en', 'fr', 'it']);
    expect(list.mergeFields).toContain('firstName');
    expect(list.builtIn.length).toBe(
      new Set(list.builtIn.map((t) => `${t.purpose}/${t.language}/${t.channel}`)).size,
    );
    const birthdayFr = list.builtIn.find(
      (t) => t.purpose === 'birthday' && t.language === 'fr' && t.channel === 'email',
    )!;
    expect(birthdayFr.id).toBeNull();
    expect(birthdayFr.subject).not.toBeNull();
    expect(list.builtIn.filter((t) => t.channel !== 'email').every((t) => t.subject === null)).toBe(true);
  });

  it('refuses a template whose merge field is mistyped, naming it, and keeps nothing', async () => {
    const answer = await api.dispatch('templates.save', {
      name: 'Birthday, warm',
      purpose: 'birthday',
      language: 'en',
      channel: 'email',
      subject: 'For you',
      body: 'Dear {{fristName}}, happy birthday.',
    });
    expect(answer).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(answer.ok ? '' : answer.error.message).toContain('unknown merge field {{fristName}}');
    expect((await value('templates.list', {})).templates).toEqual([]);
  });

  it('writes messages with the boutique’s own template, and with the built-in one once it is removed', async () => {
    const { associates } = await value('associates.list', {});
    await value('associates.choose', { associateId: associates[0]!.id });
    const client = (await value('clients.search', { scope: 'all', consentMarketing: true, limit: 1 }))
      .rows[0]!;
    const ask = { clientId: client.id, purpose: 'birthday', channel: 'sms' } as const;
    const builtIn = await value('outreach.message', ask);
    expect(builtIn.templateName).toMatch(/^Built-in: /);
    const saved = await value('templates.save', {
      name: 'Birthday, warm',
      purpose: 'birthday',
      // Any way of naming the language: 'English' is 'en'.
      language: builtIn.language === 'en' ? 'English' : builtIn.language,
      channel: 'sms',
      subject: 'dropped: a text message has none',
      body: 'Happy birthday {{firstName}}! {{associate}}',
    });
    expect(saved).toMatchObject({ language: builtIn.language, channel: 'sms', subject: null });
    expect((await value('templates.list', {})).templates.map((t) => t.id)).toEqual([saved.id]);
    const own = await value('outreach.message', ask);
    expect(own.templateName).toBe('Birthday, warm');
    expect(own.body).toMatch(new RegExp(`^Happy birthday \\S+! ${associates[0]!.name}$`));
    const after = await value('templates.remove', { templateId: saved.id! });
    expect(after.templates).toEqual([]);
    expect((await value('outreach.message', ask)).templateName).toMatch(/^Built-in: /);
    expect(await api.dispatch('templates.remove', { templateId: saved.id! })).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: `there is no message template ${saved.id}` },
    });
  });
});
