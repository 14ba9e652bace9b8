import * as vscode from 'vscode';
import type { CredentialSource } from '../../app/inventoryService';
import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import type { Credential } from '../../engine/types';

/**
 * Passwords live only in VS Code's secret storage, keyed by connection name; they are asked for when a connection
 * needs one and again after the host refuses it. They never reach settings, logs or extension state.
 */
export class PasswordStore implements CredentialSource {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private static key(entry: ConnectionEntry): string {
    return `hypervMobility.password/${entry.name.toLowerCase()}`;
  }

  async get(entry: ConnectionEntry, host: string): Promise<Credential | undefined> {
    if (!entry.userName) return undefined;
    const stored = await this.secrets.get(PasswordStore.key(entry));
    if (stored !== undefined) return { userName: entry.userName, password: stored };
    return this.ask(entry, host, `Password for ${entry.userName} on ${host}`);
  }

  async renew(entry: ConnectionEntry, host: string): Promise<Credential | undefined> {
    await this.secrets.delete(PasswordStore.key(entry));
    return this.ask(entry, host, `${host} refused the password for ${entry.userName ?? ''}. Enter it again`);
  }

  async forget(entry: ConnectionEntry): Promise<void> {
    await this.secrets.delete(PasswordStore.key(entry));
  }

  private async ask(entry: ConnectionEntry, host: string, prompt: string): Promise<Credential | undefined> {
    if (!entry.userName) return undefined;
    const password = await vscode.window.showInputBox({
      title: `Hyper-V: connect to ${host}`,
      prompt,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined || password === '') return undefined;
    await this.secrets.store(PasswordStore.key(entry), password);
    return { userName: entry.userName, password };
  }
}
