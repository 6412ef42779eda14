import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open.js';
import { seedDemo } from '../../../core/demo/index.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { startOpenAiServer, type LocalOpenAiServer } from '../../support/openai-server.js';

let dir: string;
let file: string;
let server: LocalOpenAiServer | undefined;
const savedKey = process.env['ATELIER_OPENAI_API_KEY'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-reason-refused-'));
  file = join(dir, 'demo.db');
  const db = openDatabase(file);
  seedDemo(db, { clients: 50, items: 200 }, () => '2025-10-01T00:00:00.000Z');
  db.close();
  // It lists its models to anyone, but refuses every completion with this key.
  server = await startOpenAiServer({ mode: 'malformed-body', refuseCompletions: true });
  process.env['ATELIER_OPENAI_API_KEY'] = 'sk-revoked-key';
});
afterAll(async () => {
  if (savedKey === undefined) delete process.env['ATELIER_OPENAI_API_KEY'];
  else process.env['ATELIER_OPENAI_API_KEY'] = savedKey;
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('atelier reason against an endpoint that refuses the API key', () => {
  it('ends the run failed with exit 1, saying the endpoint refused, never "completed" with exit 0', async () => {
    const result = await runCliCaptured([
      'reason',
      '--db',
      file,
      '--endpoint',
      server!.url,
      '--limit',
      '4',
      '--parallel',
      '1',
    ]);
    expect(result.out).toMatch(/ — run failed: the endpoint refused the request: /);
    expect(result).toMatchObject({
      code: 1,
      err:
        `the endpoint refused the request: ${server!.url}/v1/chat/completions answered 401 Unauthorized ` +
        '(the API key in ATELIER_OPENAI_API_KEY was refused): {"error":{"message":"Incorrect API key provided"}}\n',
    });
    expect(result.out + result.err).not.toContain('sk-revoked-key');
  });
});
