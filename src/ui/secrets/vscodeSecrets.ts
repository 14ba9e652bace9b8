import * as vscode from 'vscode';
import type { PasswordPrompt, SecretStore } from '../../app/connections/credentialBroker';

/** VS Code's secret storage as the credential broker's store: passwords live there and nowhere else. */
export function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}

/** A masked input box that stays open when focus moves away (the user may look the password up). */
export const inputBoxPasswordPrompt: PasswordPrompt = {
  ask: async ({ title, prompt }) => vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true }),
};
