import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import { credentialKey, describeDestination, legacyPasswordKey } from '../../core/connections/credentialDestination';
import type { Credential } from '../../contract/hostRunner';

/** The platform's secret storage (VS Code's SecretStorage in the product). */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Asks the user for a password; undefined when the prompt was dismissed. */
export interface PasswordPrompt {
  ask(request: { readonly title: string; readonly prompt: string }): Promise<string | undefined>;
}

export interface CredentialOptions {
  /** An explicit Retry or refresh of this host: ask even if the user dismissed the prompt before. */
  readonly askAgain?: boolean;
}

/** Where passwords come from, for the services that reach hosts. */
export interface CredentialSource {
  /** The stored password for the entry's destination, or a newly asked one; undefined to go without. */
  get(entry: ConnectionEntry, host: string, options?: CredentialOptions): Promise<Credential | undefined>;
  /** The host refused the credential: ask again. Undefined means the user gave up. */
  renew(entry: ConnectionEntry, host: string): Promise<Credential | undefined>;
}

/**
 * Passwords kept in secret storage under their destination (credentialDestination.ts), asked for when a connection
 * needs one. A dismissed prompt is remembered for the session so automatic refreshes and polls do not ask again;
 * only an explicit Retry does. Passwords saved by earlier versions under the entry's name alone are deleted, not
 * used: nothing recorded where they were meant to go, so the user is asked once more.
 */
export class CredentialBroker implements CredentialSource {
  private readonly dismissed = new Set<string>();
  /** One prompt per destination at a time: the nodes of a cluster share one password. */
  private readonly asking = new Map<string, Promise<Credential | undefined>>();
  private readonly legacyCleared = new Set<string>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly prompt: PasswordPrompt,
  ) {}

  async get(entry: ConnectionEntry, host: string, options: CredentialOptions = {}): Promise<Credential | undefined> {
    const userName = entry.userName;
    if (!userName) return undefined;
    await this.clearLegacy(entry);
    const key = credentialKey(entry);
    if (options.askAgain) this.dismissed.delete(key);
    const stored = await this.secrets.get(key);
    if (stored !== undefined) return { userName, password: stored };
    if (this.dismissed.has(key)) return undefined;
    return this.ask(entry, host, `Password for ${describeDestination(entry)}`);
  }

  async renew(entry: ConnectionEntry, host: string): Promise<Credential | undefined> {
    const key = credentialKey(entry);
    await this.secrets.delete(key);
    if (this.dismissed.has(key)) return undefined;
    return this.ask(entry, host, `${host} refused the password. Enter it again: ${describeDestination(entry)}`);
  }

  /** Whether the user dismissed the prompt for this entry's destination (cleared by askAgain or forget). */
  wasDismissed(entry: ConnectionEntry): boolean {
    return this.dismissed.has(credentialKey(entry));
  }

  async forget(entry: ConnectionEntry): Promise<void> {
    const key = credentialKey(entry);
    this.dismissed.delete(key);
    await this.secrets.delete(key);
    await this.secrets.delete(legacyPasswordKey(entry));
  }

  private ask(entry: ConnectionEntry, host: string, prompt: string): Promise<Credential | undefined> {
    const key = credentialKey(entry);
    const pending = this.asking.get(key);
    if (pending) return pending;
    const asked = this.askOnce(entry, key, host, prompt).finally(() => this.asking.delete(key));
    this.asking.set(key, asked);
    return asked;
  }

  private async askOnce(
    entry: ConnectionEntry,
    key: string,
    host: string,
    prompt: string,
  ): Promise<Credential | undefined> {
    const userName = entry.userName;
    if (!userName) return undefined;
    const password = await this.prompt.ask({ title: `Hyper-V: connect to ${host}`, prompt });
    if (password === undefined || password === '') {
      this.dismissed.add(key);
      return undefined;
    }
    this.dismissed.delete(key);
    await this.secrets.store(key, password);
    return { userName, password };
  }

  private async clearLegacy(entry: ConnectionEntry): Promise<void> {
    const legacy = legacyPasswordKey(entry);
    if (this.legacyCleared.has(legacy)) return;
    await this.secrets.delete(legacy);
    this.legacyCleared.add(legacy);
  }
}
