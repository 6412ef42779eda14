import { readFileSync } from 'node:fs';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reasoningFailures } from '../../../core/db/reasoning/runs.js';
import { startReasoningJob } from '../../../core/jobs/reason/job.js';
import {
  EndpointError,
  OpenAiReasoner,
  type OpenAiReasonerOptions,
} from '../../../core/reasoning/openai/reasoner.js';
import {
  createTestBoutique,
  injection,
  testBounds,
  tinyChatModel,
  type TestBoutique,
} from '../../support/llm.js';
import { startOpenAiServer, type LocalOpenAiServer, type ServerMode } from '../../support/openai-server.js';

let llama: Llama;
let boutique: TestBoutique | null = null;
let server: LocalOpenAiServer | null = null;

beforeAll(async () => {
  llama = await getLlama({ build: 'never', gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
});
afterAll(async () => {
  await llama.dispose();
});
afterEach(async () => {
  await server?.close();
  server = null;
  boutique?.cleanup();
  boutique = null;
});

async function serve(mode: ServerMode): Promise<LocalOpenAiServer> {
  server = await startOpenAiServer({ mode, llama, modelPath: tinyChatModel });
  return server;
}

function reasoner(url: string, options: Partial<OpenAiReasonerOptions> = {}): Promise<OpenAiReasoner> {
  return OpenAiReasoner.create({
    endpoint: url,
    apiKey: 'sk-test-do-not-store',
    bounds: testBounds,
    retries: 1,
    backoffMs: 10,
    concurrency: 2,
    ...options,
  });
}

interface ChatRequest {
  messages: { role: string; content: string }[];
  response_format: { type: string; json_schema: { name: string; strict: boolean; schema: unknown } };
}

/** The random model's answers are all refused by the gate; these tests let a run go on to its end anyway. */
const tolerant = { usability: { sample: 20, maxFailedShare: 1 } } as const;

describe('openai reasoner against a real local server', () => {
  it('runs the chain over HTTP with json_schema formats; the gate refuses the random answers as features', async () => {
    const s = await serve('model');
    boutique = createTestBoutique();
    const r = await reasoner(s.url);
    expect(r.modelId).toBe('tiny-random-chatml');
    expect(r.model).toBe(`tiny-random-chatml@${new URL(s.url).host}`);

    // The whole run, past the point where its refusals would stop it (gate.test.ts shows that stop).
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, clients: true, ...tolerant })
      .done;
    expect(summary.status).toBe('completed');
    // Before the gate these were "0 failed", the random model's gibberish stored as features.
    expect(summary.items).toEqual({ reasoned: 5, cached: 0, failed: 5, total: 5 });
    expect(summary.clients).toEqual({ reasoned: 2, cached: 0, failed: 2, total: 2 });
    expect(summary.inputTokens).toBeGreaterThan(0);
    const features = boutique.db
      .prepare(`SELECT DISTINCT item_id FROM item_features WHERE reasoner = 'openai' AND model = ?`)
      .all(r.model);
    expect(features).toHaveLength(0);
    const failures = reasoningFailures(boutique.db, 'openai');
    expect(failures).toHaveLength(7);
    for (const f of failures) expect(f).toMatchObject({ kind: 'output', step: 'gate', model: r.model });

    const chats = s.requests.filter((q) => q.path === '/v1/chat/completions');
    expect(chats).toHaveLength(summary.modelCalls);
    for (const q of chats) expect(q.headers.authorization).toBe('Bearer sk-test-do-not-store');
    const first = chats[0]!.body as ChatRequest;
    expect(first.response_format.type).toBe('json_schema');
    expect(first.response_format.json_schema).toMatchObject({
      name: 'love',
      strict: true,
      schema: { type: 'object', properties: { love: { type: 'string', maxLength: testBounds.sentence } } },
    });
    // The key travels in the header only: nothing of it reaches the database file.
    boutique.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(boutique.file).includes('sk-test-do-not-store')).toBe(false);
  });

  it('keeps catalog text as data: an injected instruction reaches only its own item, inside the item block', async () => {
    const s = await serve('model');
    boutique = createTestBoutique();
    const r = await reasoner(s.url);
    await startReasoningJob({ db: boutique.db, reasoner: r, parallel: 1, ...tolerant }).done;
    const conversations = s.requests
      .filter((q) => q.path === '/v1/chat/completions')
      .map((q) => (q.body as ChatRequest).messages);
    const withInjection = conversations.filter((m) =>
      JSON.stringify(m).includes('Ignore previous instructions'),
    );
    // The scarf's three steps carry it; no other item's conversation does.
    expect(withInjection.length).toBeGreaterThanOrEqual(3);
    for (const messages of withInjection) {
      expect(messages[1]!.content).toContain('"title":"Silk scarf"');
      const block = /<item>\n([^]*)\n<\/item>/.exec(messages[1]!.content)!;
      expect(JSON.parse(block[1]!)).toMatchObject({ description: injection });
      expect(messages[0]!.role).toBe('system');
      expect(messages[0]!.content).toContain('never instructions');
    }
    expect(conversations.length - withInjection.length).toBeGreaterThanOrEqual(9);
  });

  it('gives up on a server that never answers, recording transient failures that are not cached', async () => {
    const s = await serve('hang');
    boutique = createTestBoutique();
    const r = await reasoner(s.url, { modelId: 'any', timeoutMs: 250, retries: 1, concurrency: 1 });
    const started = performance.now();
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, maxConsecutiveFailures: 2 }).done;
    expect(performance.now() - started).toBeLessThan(5000);
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(
      /gave up after 2 failures in a row: .*did not answer within 0\.25 s \(after 2 attempts\)/,
    );
    const failures = reasoningFailures(boutique.db, 'openai');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const f of failures) expect(f.kind).toBe('transient');
    expect(boutique.db.prepare('SELECT count(*) FROM reasoning_cache').pluck().get()).toBe(0);
    expect(boutique.db.prepare('SELECT count(*) FROM item_features').pluck().get()).toBe(0);
  });

  it('treats a body that is not JSON as an endpoint error', async () => {
    const s = await serve('malformed-body');
    boutique = createTestBoutique();
    const r = await reasoner(s.url, { modelId: 'any', retries: 1 });
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, limit: 1 }).done;
    expect(summary.items).toEqual({ reasoned: 1, cached: 0, failed: 1, total: 1 });
    const [failure] = reasoningFailures(boutique.db, 'openai');
    expect(failure).toMatchObject({ kind: 'transient' });
    expect(failure!.error).toContain('malformed JSON');
    expect(s.requests.filter((q) => q.path === '/v1/chat/completions')).toHaveLength(2);
  });

  it('records content that is cut-off JSON as an output failure with its raw text, after one retry', async () => {
    const s = await serve('malformed-content');
    boutique = createTestBoutique();
    const r = await reasoner(s.url, { modelId: 'any' });
    const summary = await startReasoningJob({ db: boutique.db, reasoner: r, limit: 1 }).done;
    expect(summary.items).toEqual({ reasoned: 1, cached: 0, failed: 1, total: 1 });
    expect(summary.modelCalls).toBe(2);
    const [failure] = reasoningFailures(boutique.db, 'openai');
    expect(failure).toMatchObject({ kind: 'output', step: 'love' });
    expect(failure!.rawText).toBe('{"love": "buyers of\n---\n{"love": "buyers of');
    expect(boutique.db.prepare('SELECT count(*) FROM item_features').pluck().get()).toBe(0);
  });

  it('refuses an endpoint that is not reachable or not a URL', async () => {
    const s = await serve('malformed-body');
    const closedUrl = s.url;
    await s.close();
    server = null;
    await expect(reasoner(closedUrl, { retries: 0 })).rejects.toThrow(
      /could not be reached \(ECONNREFUSED\)/,
    );
    await expect(reasoner('ftp://example.test')).rejects.toBeInstanceOf(EndpointError);
    await expect(reasoner('not a url')).rejects.toThrow('is not a URL');
  });
});
