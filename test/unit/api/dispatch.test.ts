import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatch, toApiError, type ServerHandlers } from '../../../core/api/dispatch.js';
import { hideLocalPaths } from '../../../core/api/redact.js';
import { CoreError } from '../../../core/domain/errors.js';
import { DatabaseBusyError } from '../../../core/db/open.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('internal errors leave no local paths', () => {
  it('keeps only the last name of each absolute path, POSIX, Windows or file URL, and leaves URLs alone', () => {
    expect(
      [
        "ENOENT: no such file or directory, open '/home/lea/Library/Atelier/atelier.db'",
        'unable to open /tmp/atelier-staging-12/ab/clients.csv now',
        'at load (/work/main/core/runs/load.ts:12:5)',
        'C:\\Users\\lea\\AppData\\Roaming\\Atelier\\atelier.db is locked',
        'file:///home/lea/models/tiny.gguf',
        'http://127.0.0.1:8080/v1/models answered 500',
        'a/b, 1/2 and /tmp stay',
      ].map(hideLocalPaths),
    ).toEqual([
      "ENOENT: no such file or directory, open '…/atelier.db'",
      'unable to open …/clients.csv now',
      'at load (…/load.ts:12:5)',
      '…\\atelier.db is locked',
      '…/tiny.gguf',
      'http://127.0.0.1:8080/v1/models answered 500',
      'a/b, 1/2 and /tmp stay',
    ]);
  });

  it('toApiError hides them in internal errors only: core’s own messages name the files the associate chose', () => {
    expect(toApiError(new TypeError("Cannot read properties of undefined, in '/home/lea/x/y.ts'"))).toEqual({
      kind: 'internal',
      message: "Cannot read properties of undefined, in '…/y.ts'",
    });
    expect(toApiError(new CoreError('broken', 'internal', 'run 3 is missing from /home/lea/a.db'))).toEqual({
      kind: 'internal',
      message: 'run 3 is missing from …/a.db',
    });
    expect(toApiError(new CoreError('bad-model-file', 'bad-input', '/home/lea/m/x.gguf: not GGUF'))).toEqual({
      kind: 'bad-input',
      message: '/home/lea/m/x.gguf: not GGUF',
    });
  });

  it('answers without the paths and logs the whole text', async () => {
    vi.stubEnv('ATELIER_LOG', 'error');
    const logged: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => (logged.push(String(text)), true));
    const dispatch = createDispatch({
      'app.info': () => {
        throw new Error("SQLITE_CANTOPEN: unable to open '/home/lea/Library/Atelier/atelier.db'");
      },
    } as unknown as ServerHandlers);
    expect(await dispatch('app.info', {})).toEqual({
      ok: false,
      error: { kind: 'internal', message: "SQLITE_CANTOPEN: unable to open '…/atelier.db'" },
    });
    expect(logged.join('')).toContain('/home/lea/Library/Atelier/atelier.db');
  });
});

describe('a busy database', () => {
  it('is busy in every SQLITE_BUSY form, and says which file in core’s own error', () => {
    const snapshot = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' });
    expect(toApiError(snapshot)).toEqual({
      kind: 'busy',
      message: 'the database is busy with a job; try again',
    });
    expect(toApiError(new DatabaseBusyError('shop.db'))).toMatchObject({
      kind: 'busy',
      message: expect.stringMatching(/^shop\.db is busy: another Atelier process/) as string,
    });
  });
});
