import { KeychainError, type SecretStore } from '../../core/reasoning/openai/api-key.js';

/** A keychain in memory; `unreachable` makes every call fail as a keychain without its service does. */
export class MemoryKeychain implements SecretStore {
  readonly secrets = new Map<string, string>();
  calls = 0;
  constructor(private readonly unreachable: string | null = null) {}
  private check(operation: 'read' | 'store' | 'delete'): void {
    this.calls++;
    if (this.unreachable) throw new KeychainError(operation, this.unreachable);
  }
  get(account: string): Promise<string | null> {
    this.check('read');
    return Promise.resolve(this.secrets.get(account) ?? null);
  }
  set(account: string, secret: string): Promise<void> {
    this.check('store');
    this.secrets.set(account, secret);
    return Promise.resolve();
  }
  delete(account: string): Promise<boolean> {
    this.check('delete');
    return Promise.resolve(this.secrets.delete(account));
  }
}
