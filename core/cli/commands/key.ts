import {
  apiKeyVariable,
  endpointOrigin,
  EndpointUrlError,
  KeychainError,
  keychainAccount,
  keychainService,
  OsKeychain,
  resolveApiKey,
  type SecretStore,
} from '../../reasoning/openai/api-key.js';
import { dbKeyHelp, exportDatabaseKey } from './db-key.js';
import {
  InputError,
  parseCommandArgs,
  requireOption,
  UsageError,
  type Command,
  type CommandIo,
} from '../args.js';

const keyOptions = { endpoint: { type: 'string' }, json: { type: 'boolean' } } as const;
type KeyOptions = typeof keyOptions;

const usage =
  'key (set | status | delete) --endpoint URL [--json]\n       atelier key export-db [--out FILE]';

const help = `usage: atelier ${usage}

Keeps the API key of an OpenAI-compatible endpoint ('reason --endpoint URL') in the OS keychain: the macOS
Keychain, the Windows Credential Manager, or the Secret Service (gnome-keyring, KWallet) on Linux. One key per
server (scheme, host and port). ${apiKeyVariable}, when set, wins over the keychain. The key is never stored in
the database and never printed.

  set     read the key from standard input (one trailing newline is dropped) and store it:
            printf '%s' "$KEY" | atelier key set --endpoint http://gpu-server:8080/v1
          at a terminal, type or paste it (it is not shown) and press Enter
  status  say where the key for the endpoint would come from: environment, keychain or none
  delete  remove the endpoint's key from the keychain

  --endpoint URL  the server, http:// or https://
  --json          status as one JSON object

${dbKeyHelp}
exit codes: 0 done, 1 bad input or the keychain failed, 2 wrong usage
`;

/** Standard input in full; at a terminal, one line typed without echo so the key never shows on screen. */
export async function readProcessStdin(io: CommandIo, what = 'API key'): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  io.err(`${what} (not shown), then Enter: `);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.err('\n');
    };
    const onData = (text: string): void => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return (finish(), resolve(typed));
        if (ch === '\u0003') return (finish(), reject(new InputError('cancelled: no key stored')));
        typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The key as piped in: one trailing newline dropped (echo adds it), nothing else changed. */
export function keyFromStdin(text: string): string {
  const key = text.replace(/\r?\n$/, '');
  if (key === '')
    throw new InputError(
      `no API key on standard input: pipe it in, e.g. printf '%s' "$KEY" | atelier key set --endpoint URL`,
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key))
    throw new InputError('the API key on standard input spans several lines or holds control characters');
  return key;
}

function originOf(endpoint: string): string {
  try {
    return endpointOrigin(endpoint);
  } catch (error) {
    if (error instanceof EndpointUrlError) throw new InputError(`--endpoint: ${error.message}`);
    throw error;
  }
}

async function keychain<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof KeychainError) throw new InputError(error.message);
    throw error;
  }
}

function parseKeyArgs(argv: string[]): ReturnType<typeof parseCommandArgs<KeyOptions>> {
  try {
    return parseCommandArgs(argv, keyOptions);
  } catch (error) {
    // parseArgs would quote the stray argument, and a stray argument here is likely the key itself.
    if (error instanceof UsageError && error.message.startsWith('Unexpected argument'))
      throw new UsageError('the key is read from standard input, never from the command line');
    throw error;
  }
}

export interface KeyCommandSources {
  /** The OS keychain by default; created only when a subcommand needs it. */
  readonly store?: () => SecretStore;
  readonly env?: NodeJS.ProcessEnv;
}

/** The `key` command over the given keychain and environment (tests pass an in-memory store). */
export function createKeyCommand(sources: KeyCommandSources = {}): Command {
  const store = sources.store ?? (() => new OsKeychain());
  const env = (): NodeJS.ProcessEnv => sources.env ?? process.env;
  return {
    name: 'key',
    summary: "store an OpenAI-compatible endpoint's API key in the OS keychain, check or delete it",
    usage,
    async run(argv, io) {
      const [action, ...rest] = argv;
      if (action === 'export-db') return exportDatabaseKey(rest, io, { env: env(), store: store() });
      const { values } = parseKeyArgs(rest);
      if (action === '--help' || action === '-h' || values.help) return (io.out(help), 0);
      if (action === undefined) throw new UsageError('say what to do: set, status, delete or export-db');
      if (action !== 'set' && action !== 'status' && action !== 'delete')
        throw new UsageError(`unknown action "${action}" (expected set, status, delete or export-db)`);
      if (values.json && action !== 'status') throw new UsageError('--json goes with status');
      const origin = originOf(requireOption(values.endpoint, '--endpoint'));
      const account = keychainAccount(origin);
      const overridden = env()[apiKeyVariable]
        ? `note: ${apiKeyVariable} is set in this environment and wins over the keychain\n`
        : '';

      if (action === 'set') {
        const key = keyFromStdin(await (io.readStdin ?? (() => readProcessStdin(io)))());
        await keychain(() => store().set(account, key));
        io.out(`stored the API key for ${origin} in the OS keychain ("${keychainService}", "${account}")\n`);
        io.err(overridden);
        return 0;
      }
      if (action === 'delete') {
        const deleted = await keychain(() => store().delete(account));
        io.out(
          deleted
            ? `deleted the API key for ${origin} from the OS keychain\n`
            : `no API key for ${origin} in the OS keychain: nothing to delete\n`,
        );
        io.err(overridden);
        return 0;
      }

      const found = await resolveApiKey(origin, { env: env(), store: store() });
      const status = {
        endpoint: origin,
        source: found.source,
        service: keychainService,
        account,
        keychainProblem: found.keychainProblem,
      };
      if (values.json) io.out(JSON.stringify(status) + '\n');
      else if (found.source === 'environment')
        io.out(`${origin}: the API key comes from ${apiKeyVariable} (it wins over the keychain)\n`);
      else if (found.source === 'keychain')
        io.out(`${origin}: the API key comes from the OS keychain ("${keychainService}", "${account}")\n`);
      else
        io.out(
          `${origin}: no API key (set ${apiKeyVariable} or run 'atelier key set --endpoint ${origin}')` +
            (found.keychainProblem ? `; the OS keychain could not be read: ${found.keychainProblem}` : '') +
            '\n',
        );
      // Whether the keychain holds a key is unknown when it could not be read.
      return found.keychainProblem ? 1 : 0;
    },
  };
}

export const keyCommand: Command = createKeyCommand();
