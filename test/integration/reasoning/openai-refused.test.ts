import { afterEach, describe, expect, it } from 'vitest';
import { reasoningFailures, reasoningRun } from '../../../core/db/reasoning/runs.js';
import { reason } from '../../../core/jobs/reason.js';
import { createTestBoutique, type TestBoutique } from '../../support/llm.js';
import { startOpenAiServer, type LocalOpenAiServer } from '../../support/openai-server.js';

let server: LocalOpenAiServer | null = null;
let boutique: TestBoutique | null = null;
afterEach(async () => {
  await server?.close();
  boutique?.cleanup();
  server = boutique = null;
});

describe('an endpoint that refuses the requests', () => {
  it('ends the run as failed at the first refusal, saying so, instead of completing with every item failed', async () => {
    // It lists its models to anyone, but refuses every completion with this key.
    server = await startOpenAiServer({ mode: 'malformed-body', refuseCompletions: true });
    boutique = createTestBoutique();
    const summary = await reason(boutique.db, {
      reasoner: { kind: 'openai', endpoint: server.url, apiKey: 'sk-revoked', retries: 0 },
      parallel: 1,
    });
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(
      /^the endpoint refused the request: .*\/v1\/chat\/completions answered 401 Unauthorized/,
    );
    expect(reasoningRun(boutique.db, summary.runId)).toMatchObject({ status: 'failed' });
    // One request refused, not one per item: the run stopped there.
    expect(server.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
    // That request was the first unit's: the bag in black and in gold, one variant group reasoned once.
    const failures = reasoningFailures(boutique.db, 'openai');
    expect(failures.map((f) => f.subjectId).sort()).toEqual(
      [boutique.itemId('bag-black'), boutique.itemId('bag-gold')].sort(),
    );
    for (const f of failures) expect(f).toMatchObject({ kind: 'transient', runId: summary.runId });
    expect(JSON.stringify(summary)).not.toContain('sk-revoked');
  });
});
