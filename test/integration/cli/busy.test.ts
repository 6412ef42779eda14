import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open.js';
import { databaseLockHolder, describeCommandLine } from '../../../core/db/lock-holder.js';
import type { ApiService } from '../../../core/api/service.js';
import type { MethodArgs } from '../../../core/api/contract/index.js';
import { apiValue, jobFinished, testApi } from '../../support/api.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { fixturesDir, repoRoot } from '../../support/paths.js';

const fixture = (name: string) => join(fixturesDir, 'import', name);

let dir: string;
let file: string;
let writer: Database.Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-busy-'));
  file = join(dir, 'boutique.db');
  openDatabase(file).close();
  const seeded = await runCliCaptured([
    'import',
    '--db',
    file,
    '--items',
    fixture('items.csv'),
    '--clients',
    fixture('clients.csv'),
    '--interactions',
    fixture('interactions.csv'),
  ]);
  if (seeded.code !== 0) throw new Error(seeded.err);
  // Another Atelier process in the middle of a long write: it holds the write lock past the busy timeout.
  writer = new Database(file);
  writer.prepare('BEGIN IMMEDIATE').run();
});
afterAll(() => {
  if (writer.inTransaction) writer.prepare('ROLLBACK').run();
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const busyMessage = (command: string) =>
  `atelier ${command}: ${file} is busy: another Atelier process (the app, an import or an optimisation) is ` +
  'writing to it and kept it locked for more than 5 s. Wait for it to finish, then run the command again.\n';

describe('a command that finds the book locked by another writer', () => {
  it.each([
    ['import', ['--clients', fixture('clients.csv')]],
    ['optimize', ['--iterations', '0']],
  ])('%s says so plainly and exits 1, without a stack trace', async (command, args) => {
    const result = await runCliCaptured([command, '--db', file, ...args]);
    expect(result).toMatchObject({ code: 1, err: busyMessage(command) });
    expect(result.err).not.toMatch(/SqliteError|\n\s+at /);
  });
});

/** The book's rows, every table, to show a refused command wrote nothing. */
function contents(): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).raw().all()]));
  } finally {
    db.close();
  }
}

/** Another process (not this one) holding the write lock: BEGIN IMMEDIATE, then waiting to be stopped. */
function holdLockInChild(): Promise<ChildProcess> {
  const script = join(dir, 'hold-lock.mjs');
  writeFileSync(
    script,
    `import Database from ${JSON.stringify(join(repoRoot, 'node_modules/better-sqlite3-multiple-ciphers/lib/index.js'))};\n` +
      'const db = new Database(process.argv[2]);\n' +
      "db.prepare('BEGIN IMMEDIATE').run();\n" +
      "process.stdout.write('locked\\n');\n" +
      'setInterval(() => {}, 1000);\n',
  );
  const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
  });
}

describe('a command or a job that finds the book locked by another process', () => {
  let holder: ChildProcess;
  let before: string;
  let api: ApiService;

  beforeAll(async () => {
    // The in-process writer above lets go first; this one is a separate process, as a real second writer is.
    writer.prepare('ROLLBACK').run();
    writeFileSync(
      join(dir, 'new-clients.csv'),
      'Client ID,First Name,Last Name,Email\nC-900,Ines,Laurent,ines.laurent@example.com\n',
    );
    before = contents();
    holder = await holdLockInChild();
    api = testApi(file, dir);
  });
  afterAll(async () => {
    await api.close();
    holder.kill('SIGKILL');
    await new Promise((done) => (holder.exitCode === null ? holder.once('exit', done) : done(null)));
  });

  it('names the holding process, from the OS', () => {
    expect(databaseLockHolder(file)).toEqual({ pid: holder.pid, description: 'node hold-lock.mjs' });
  });

  it.each([
    ['import', () => ['--clients', join(dir, 'new-clients.csv')]],
    ['optimize', () => ['--iterations', '1']],
  ])(
    '%s says which process holds the book and what to do, exits 1, writes nothing',
    async (command, args) => {
      const result = await runCliCaptured([command, '--db', file, ...args()]);
      expect(result).toEqual({
        code: 1,
        out: '',
        err:
          busyMessage(command) +
          `The lock is held by process ${holder.pid} (node hold-lock.mjs): let it finish, or stop it if it ` +
          'should not be running.\n',
      });
      expect(result.err).not.toMatch(/SqliteError|\n\s+at /);
      expect(contents()).toBe(before);
    },
  );

  it("fails the app's import and optimize jobs with the same words, not SQLite's", async () => {
    const staged = await apiValue(api, 'import.stage', {
      fileName: 'new-clients.csv',
      base64: Buffer.from('Client ID,Full name,Email\nC-901,Ines Laurent,ines@example.com\n').toString(
        'base64',
      ),
    });
    const requests: MethodArgs<'jobs.start'>[] = [
      { kind: 'import', files: [{ fileId: staged.fileId, role: 'clients' }] },
      { kind: 'optimize' },
    ];
    for (const request of requests) {
      const job = await apiValue(api, 'jobs.start', request);
      const done = await jobFinished(api, job.jobId);
      expect(done).toMatchObject({
        status: 'failed',
        error: {
          kind: 'busy',
          message:
            `the client book is busy: process ${holder.pid} (node hold-lock.mjs) is writing to it and kept it ` +
            'locked for more than 5 s; wait for it to finish, then start this again',
        },
      });
    }
    expect(contents()).toBe(before);
  });
});

describe("a holder's command line, in words without its paths", () => {
  it.each([
    [
      [
        '/usr/bin/node',
        '/srv/atelier/node_modules/tsx/dist/cli.mjs',
        'core/cli/main.ts',
        'import',
        '--db',
        '/x/b.db',
      ],
      'atelier import',
    ],
    [
      ['/usr/bin/node', '--require', '/a/preflight.cjs', '/srv/atelier/core/cli/main.ts', 'web'],
      'atelier web',
    ],
    [
      ['/opt/Atelier/atelier', '--type=utility', '--user-data-dir=/home/c/.config/Atelier'],
      'the Atelier app',
    ],
    [['/opt/Atelier/Atelier', '--type=utility'], 'the Atelier app'],
    [['/usr/bin/sqlite3', '/home/c/boutique.db'], 'sqlite3 boutique.db'],
    [[], 'an unknown program'],
  ])('%j is %s', (argv, words) => expect(describeCommandLine(argv)).toBe(words));
});
