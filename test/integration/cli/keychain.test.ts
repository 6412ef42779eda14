import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKey } from '../../../core/db/key.js';
import { openDatabase } from '../../../core/db/open.js';
import { seedDemo } from '../../../core/demo/index.js';
import { tinyChatModel } from '../../support/llm.js';
import { startOpenAiServer, type LocalOpenAiServer } from '../../support/openai-server.js';
import { repoRoot } from '../../support/paths.js';

/**
 * `atelier key` and `atelier reason --endpoint` against the real OS keychain: on Linux, a throwaway
 * gnome-keyring (Secret Service) in its own D-Bus session and its own HOME, so the developer's keyring is never
 * touched. The Keychain (macOS) and Credential Manager (Windows) would need a user's session to approve access.
 */
const linux = process.platform === 'linux';
const repo = repoRoot;
const key = 'sk-atelier-keychain-test-7f3a9c';

let dir: string;
let bus: ChildProcessWithoutNullStreams | null = null;
let env: NodeJS.ProcessEnv;
let llama: Llama | null = null;
let server: LocalOpenAiServer | null = null;
let dbFile: string;

function missingTools(): string[] {
  return ['dbus-run-session', 'gnome-keyring-daemon'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
  );
}

/** A D-Bus session with an unlocked gnome-keyring, alive until its stdin closes; resolves its bus address. */
function startKeyringSession(sessionEnv: NodeJS.ProcessEnv): Promise<string> {
  const script =
    'printf "%s" "ci-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ' +
    'echo "bus=$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null';
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script], { env: sessionEnv });
  bus = child;
  return new Promise((resolveBus, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no D-Bus session after 20 s: ${err}`)), 20_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const found = /^bus=(.+)$/m.exec(out);
      if (found) {
        clearTimeout(timer);
        resolveBus(found[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`dbus-run-session exited with ${code}: ${err}`)));
  });
}

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** The real CLI in a child process; asynchronous, so this process's HTTP server keeps answering. */
function atelier(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'core/cli/main.ts', ...args], {
    cwd: repo,
    env: options.env ?? env,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((done) => child.once('close', (code) => done({ code, out, err })));
}

/** The database file and its -wal/-shm companions, as bytes. */
function databaseBytes(): Buffer {
  const name = dbFile.split('/').at(-1)!;
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith(name))
      .map((f) => readFileSync(join(dir, f))),
  );
}

beforeAll(async () => {
  if (!linux) return;
  const missing = missingTools();
  if (missing.length > 0)
    throw new Error(
      `${missing.join(' and ')} not found: the keychain test needs a Secret Service on Linux; ` +
        'run `apt-get install gnome-keyring dbus` (CI installs them)',
    );
  dir = mkdtempSync(join(tmpdir(), 'atelier-keychain-'));
  mkdirSync(join(dir, 'run'), { mode: 0o700 });
  const { ATELIER_OPENAI_API_KEY: _key, DBUS_SESSION_BUS_ADDRESS: _bus, ...inherited } = process.env;
  const sessionEnv = {
    ...inherited,
    HOME: dir,
    XDG_RUNTIME_DIR: join(dir, 'run'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
  env = {
    ...sessionEnv,
    DBUS_SESSION_BUS_ADDRESS: await startKeyringSession(sessionEnv),
    ATELIER_LOG: 'debug',
  };

  dbFile = join(dir, 'boutique.db');
  const db = openDatabase(dbFile);
  seedDemo(db, { clients: 50, items: 200 }, () => '2025-10-01T00:00:00.000Z');
  db.close();
  llama = await getLlama({ build: 'never', gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
  server = await startOpenAiServer({ mode: 'model', llama, modelPath: tinyChatModel, requiredKey: key });
});

afterAll(async () => {
  await server?.close();
  await llama?.dispose();
  if (bus && bus.exitCode === null) {
    const exited = new Promise((done) => bus!.once('exit', done));
    bus.stdin.end();
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
    if (bus.exitCode === null) bus.kill();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(linux)('atelier key with the real OS keychain (gnome-keyring over D-Bus)', () => {
  it('stores the key from stdin, reasons with it, deletes it, then fails with the no-key message', async () => {
    const endpoint = `${server!.url}/v1`;
    // One item: the random model behind the server answers gibberish, which the plausibility gate refuses, and a
    // refusal in a one-item run stops it as not usable (exit 1) before any other request could be in flight.
    const reason = ['reason', '--db', dbFile, '--endpoint', endpoint, '--limit', '1', '--parallel', '2'];
    const runs: Run[] = [];
    const track = async (run: Promise<Run>): Promise<Run> => (runs.push(await run), runs.at(-1)!);

    const before = await track(atelier(['key', 'status', '--endpoint', endpoint, '--json']));
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toMatchObject({
      endpoint: server!.url,
      source: 'none',
      keychainProblem: null,
    });

    const set = await track(atelier(['key', 'set', '--endpoint', endpoint], { stdin: `${key}\n` }));
    expect(set.err.trim()).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).toBe(
      `stored the API key for ${server!.url} in the OS keychain ("Atelier", "openai ${server!.url}")\n`,
    );
    // Another server on this host keeps its own key.
    const other = 'http://127.0.0.1:1/v1';
    expect(
      (await track(atelier(['key', 'set', '--endpoint', other], { stdin: 'sk-other-server' }))).code,
    ).toBe(0);

    const status = await track(atelier(['key', 'status', '--endpoint', server!.url]));
    expect(status).toMatchObject({ code: 0 });
    expect(status.out).toBe(
      `${server!.url}: the API key comes from the OS keychain ("Atelier", "openai ${server!.url}")\n`,
    );

    const reasoned = await track(atelier(reason));
    expect(reasoned.code, reasoned.err).toBe(1);
    expect(reasoned.err).toContain("the model's output is not usable");
    const calls = /^reasoned 1, cached 0, failed 1 of 1 \((\d+) model calls/.exec(reasoned.out);
    expect(calls, reasoned.out).not.toBeNull();
    const chats = server!.requests.filter((q) => q.path === '/v1/chat/completions');
    expect(chats.length).toBe(Number(calls![1]));
    expect(chats.length).toBeGreaterThan(0);
    for (const q of chats) expect(q.headers.authorization).toBe(`Bearer ${key}`);

    const deleted = await track(atelier(['key', 'delete', '--endpoint', endpoint]));
    expect(deleted).toMatchObject({
      code: 0,
      out: `deleted the API key for ${server!.url} from the OS keychain\n`,
    });
    const otherStatus = await track(atelier(['key', 'status', '--endpoint', other, '--json']));
    expect(JSON.parse(otherStatus.out)).toMatchObject({ source: 'keychain' });

    const refused = await track(atelier(reason));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `${endpoint}/models answered 401 Unauthorized (no API key: set ATELIER_OPENAI_API_KEY or ` +
        `\`atelier key set --endpoint ${server!.url}\`)`,
    );

    // The key went to the keychain and the Authorization header only: not the database, not any output,
    // not even the debug log.
    expect(databaseBytes().length).toBeGreaterThan(0);
    expect(databaseBytes().includes(key)).toBe(false);
    for (const run of runs) expect(run.out + run.err).not.toContain(key);
  }, 180_000);

  it('without a reachable keychain: set fails clearly, status exits 1, and reason says why there was no key', async () => {
    const endpoint = `${server!.url}/v1`;
    const noBus = { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/atelier-bus' };
    const set = await atelier(['key', 'set', '--endpoint', endpoint], { stdin: key, env: noBus });
    expect(set.code).toBe(1);
    expect(set.err).toMatch(
      /^atelier key: the OS keychain could not be reached to store the API key: .*nonexistent\/atelier-bus/,
    );
    const status = await atelier(['key', 'status', '--endpoint', endpoint], { env: noBus });
    expect(status.code).toBe(1);
    expect(status.out).toContain('the OS keychain could not be read');

    const reason = await atelier(['reason', '--db', dbFile, '--endpoint', endpoint, '--limit', '2'], {
      env: noBus,
    });
    expect(reason.code).toBe(1);
    expect(reason.err).toMatch(
      /answered 401 Unauthorized \(no API key: set ATELIER_OPENAI_API_KEY or `atelier key set --endpoint [^`]+` \(keychain: Platform failure: DBus error: .*nonexistent\/atelier-bus/,
    );
    expect(set.out + set.err + status.out + reason.out + reason.err).not.toContain(key);
  }, 60_000);
});

describe.runIf(linux)('the database key in the real OS keychain (issue 13: encryption at rest)', () => {
  it('demo encrypts by default with a key it keeps in the keychain; stats, client erase and export read it', async () => {
    // The default, as on a user's machine: no --plain, no ATELIER_DB_PLAIN (the test run's own default).
    const { ATELIER_DB_PLAIN: _plain, ATELIER_DB_KEY: _key, ...keychainEnv } = env;
    const book = join(dir, 'd.db');
    const made = await atelier(['demo', '--db', book, '--clients', '60', '--items', '200'], {
      env: keychainEnv,
    });
    expect(made.code, made.err).toBe(0);
    expect(readFileSync(book).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');

    const exported = await atelier(['key', 'export-db'], { env: keychainEnv });
    expect(exported.code, exported.err).toBe(0);
    expect(exported.err).toContain('recovery key from the OS keychain');
    const hex = exported.out.trim().replaceAll('-', '');
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const db = openDatabase(book, {
      key: { key: hex as DatabaseKey, source: 'recovery key' },
      readonly: true,
    });
    const clients = db.prepare('SELECT external_id, name, email FROM clients').all() as {
      external_id: string;
      name: string;
      email: string | null;
    }[];
    db.close();
    const bytes = Buffer.concat(
      readdirSync(dir)
        .filter((f) => f.startsWith('d.db'))
        .map((f) => readFileSync(join(dir, f))),
    );
    const words = clients.flatMap((c) => [c.name, c.email ?? '']).filter(Boolean);
    expect(words.filter((w) => bytes.includes(Buffer.from(w)))).toEqual([]);

    const stats = await atelier(['stats', '--db', book, '--json'], { env: keychainEnv });
    expect(stats.code, stats.err).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ clients: 60 });
    const first = clients[0]!;
    const erased = await atelier(['client', 'erase', '--db', book, '--id', first.external_id], {
      env: keychainEnv,
    });
    expect(erased.code, erased.err).toBe(0);
    const second = clients[1]!;
    const out = join(dir, 'client.json');
    const exportedClient = await atelier(
      ['client', 'export', '--db', book, '--id', second.external_id, '--out', out],
      { env: keychainEnv },
    );
    expect(exportedClient.code, exportedClient.err).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(second.name);
    const gone = await atelier(['client', 'export', '--db', book, '--id', first.external_id, '--out', '-'], {
      env: keychainEnv,
    });
    expect(gone.code).toBe(1);
  }, 120_000);
});
