import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError, UsageError } from '../../../core/cli/args.js';
import { createKeyCommand, keyFromStdin } from '../../../core/cli/commands/key.js';
import { captureIo, runCliCaptured } from '../../support/cli-io.js';
import { MemoryKeychain } from '../../support/memory-keychain.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const cli = (argv: string[], stdin?: string) => runCliCaptured(argv, stdin === undefined ? {} : { stdin });

describe('atelier key: usage and input errors', () => {
  it('prints its help with exit 0', async () => {
    const help = await cli(['key', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: atelier key (set | status | delete) --endpoint URL [--json]');
    expect(help.out).toContain('ATELIER_OPENAI_API_KEY');
    expect((await cli(['key', 'set', '--help'])).out).toBe(help.out);
  });

  it('refuses wrong usage with exit 2, and never takes the key from the command line', async () => {
    expect(await cli(['key'])).toEqual({
      code: 2,
      out: '',
      err:
        'atelier key: say what to do: set, status, delete or export-db\n' +
        'usage: atelier key (set | status | delete) --endpoint URL [--json]\n' +
        '       atelier key export-db [--out FILE]\n',
    });
    const unknown = await cli(['key', 'show', '--endpoint', 'http://gpu:8080']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown action "show" (expected set, status, delete or export-db)');
    const noEndpoint = await cli(['key', 'status']);
    expect(noEndpoint.code).toBe(2);
    expect(noEndpoint.err).toContain('--endpoint is required');
    const keyFlag = await cli(['key', 'set', '--endpoint', 'http://gpu:8080', '--key', 'sk-secret-1']);
    expect(keyFlag.code).toBe(2);
    expect(keyFlag.err).toContain("Unknown option '--key'");
    const positional = await cli(['key', 'set', '--endpoint', 'http://gpu:8080', 'sk-secret-1']);
    expect(positional.code).toBe(2);
    expect(positional.err).toContain('the key is read from standard input, never from the command line');
    expect(positional.err).not.toContain('sk-secret-1');
    expect((await cli(['key', 'set', '--json', '--endpoint', 'http://gpu:8080'], 'k')).err).toContain(
      '--json goes with status',
    );
  });

  it('refuses an endpoint that is not an http(s) URL with exit 1', async () => {
    expect(await cli(['key', 'status', '--endpoint', 'gpu-server:8080'])).toEqual({
      code: 1,
      out: '',
      err: 'atelier key: --endpoint: "gpu-server:8080" is not an http(s) URL\n',
    });
    expect((await cli(['key', 'set', '--endpoint', 'nowhere'], 'sk-1')).err).toBe(
      'atelier key: --endpoint: "nowhere" is not a URL (expected http://host:port or http://host:port/v1)\n',
    );
  });

  it('refuses an empty or multi-line key on standard input with exit 1', async () => {
    for (const stdin of ['', '\n', '\r\n']) {
      const empty = await cli(['key', 'set', '--endpoint', 'http://gpu:8080'], stdin);
      expect(empty.code).toBe(1);
      expect(empty.err).toContain('no API key on standard input');
    }
    const twoLines = await cli(['key', 'set', '--endpoint', 'http://gpu:8080'], 'sk-one\nsk-two\n');
    expect(twoLines.code).toBe(1);
    expect(twoLines.err).toBe(
      'atelier key: the API key on standard input spans several lines or holds control characters\n',
    );
    expect(twoLines.err).not.toContain('sk-one');
  });

  it('drops exactly one trailing newline', () => {
    expect(keyFromStdin('sk-abc\n')).toBe('sk-abc');
    expect(keyFromStdin('sk-abc\r\n')).toBe('sk-abc');
    expect(keyFromStdin('sk-abc')).toBe('sk-abc');
    expect(() => keyFromStdin('sk-abc\n\n')).toThrow(InputError);
  });

  it('status reports the environment without touching the keychain or printing the key', async () => {
    vi.stubEnv('ATELIER_OPENAI_API_KEY', 'sk-env-secret-42');
    const status = await cli(['key', 'status', '--endpoint', 'http://gpu:8080/v1', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toEqual({
      endpoint: 'http://gpu:8080',
      source: 'environment',
      service: 'Atelier',
      account: 'openai http://gpu:8080',
      keychainProblem: null,
    });
    expect(status.out + status.err).not.toContain('sk-env-secret-42');
  });
});

describe('atelier key over a keychain', () => {
  it('sets, reports and deletes one key per server', async () => {
    const store = new MemoryKeychain();
    const command = createKeyCommand({ store: () => store, env: {} });
    const run = async (argv: string[], stdin?: string) => {
      const io = captureIo(stdin === undefined ? {} : { stdin });
      return { code: await command.run(argv, io), out: io.stdout, err: io.stderr };
    };
    const set = await run(['set', '--endpoint', 'http://gpu:8080/v1'], 'sk-gpu-secret\n');
    expect(set).toEqual({
      code: 0,
      out: 'stored the API key for http://gpu:8080 in the OS keychain ("Atelier", "openai http://gpu:8080")\n',
      err: '',
    });
    expect([...store.secrets]).toEqual([['openai http://gpu:8080', 'sk-gpu-secret']]);

    const status = await run(['status', '--endpoint', 'http://gpu:8080']);
    expect(status.out).toBe(
      'http://gpu:8080: the API key comes from the OS keychain ("Atelier", "openai http://gpu:8080")\n',
    );
    const other = await run(['status', '--endpoint', 'http://gpu:9090', '--json']);
    expect(JSON.parse(other.out)).toMatchObject({ endpoint: 'http://gpu:9090', source: 'none' });
    expect(other.code).toBe(0);

    expect((await run(['delete', '--endpoint', 'http://gpu:8080/v1'])).out).toBe(
      'deleted the API key for http://gpu:8080 from the OS keychain\n',
    );
    expect(store.secrets.size).toBe(0);
    expect((await run(['delete', '--endpoint', 'http://gpu:8080'])).out).toBe(
      'no API key for http://gpu:8080 in the OS keychain: nothing to delete\n',
    );
    expect((await run(['status', '--endpoint', 'http://gpu:8080'])).out).toBe(
      "http://gpu:8080: no API key (set ATELIER_OPENAI_API_KEY or run 'atelier key set --endpoint http://gpu:8080')\n",
    );
  });

  it('notes that the environment variable wins over a key just stored', async () => {
    const store = new MemoryKeychain();
    const command = createKeyCommand({ store: () => store, env: { ATELIER_OPENAI_API_KEY: 'sk-env' } });
    const io = captureIo({ stdin: 'sk-keychain' });
    expect(await command.run(['set', '--endpoint', 'http://gpu:8080'], io)).toBe(0);
    expect(io.stderr).toBe(
      'note: ATELIER_OPENAI_API_KEY is set in this environment and wins over the keychain\n',
    );
  });

  it('turns an unreachable keychain into a clear input error, and status into exit 1', async () => {
    const store = new MemoryKeychain('Platform failure: DBus error');
    const command = createKeyCommand({ store: () => store, env: {} });
    await expect(
      command.run(['set', '--endpoint', 'http://gpu:8080'], captureIo({ stdin: 'sk-1' })),
    ).rejects.toThrow(
      new InputError(
        'the OS keychain could not be reached to store the API key: Platform failure: DBus error',
      ),
    );
    await expect(command.run(['delete', '--endpoint', 'http://gpu:8080'], captureIo())).rejects.toThrow(
      'the OS keychain could not be reached to delete the API key',
    );
    const io = captureIo();
    expect(await command.run(['status', '--endpoint', 'http://gpu:8080'], io)).toBe(1);
    expect(io.stdout).toBe(
      "http://gpu:8080: no API key (set ATELIER_OPENAI_API_KEY or run 'atelier key set --endpoint http://gpu:8080'); " +
        'the OS keychain could not be read: Platform failure: DBus error\n',
    );
    await expect(command.run(['set'], captureIo())).rejects.toThrow(UsageError);
  });
});
