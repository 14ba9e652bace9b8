import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import { authenticationDescriptions, authentications } from '../../core/connections/connectionEntry';
import { validateHostName, validatePort, validateUserName } from '../../core/connections/validation';
import { winrmNote } from '../../core/connections/winrm';
import { sameName } from '../../core/names';

/**
 * Step-by-step input for a host or cluster connection, each thing asked once: the name typed first is also the
 * address connected to (an IP address or FQDN is a name here), so a separate address is asked only when editing an
 * entry that has one. Every step validates as the user types; Escape at any step returns undefined and nothing is
 * saved.
 */
export async function connectionWizard(
  kind: ConnectionEntry['kind'],
  initial: Partial<ConnectionEntry>,
  checkName: (name: string) => string | undefined,
): Promise<ConnectionEntry | undefined> {
  const noun = kind === 'cluster' ? 'Cluster' : 'Host';
  const title = initial.name ? `Hyper-V: Edit ${initial.name}` : `Hyper-V: Add ${noun}`;
  // A separate address only where the entry already has one that differs from its name (set by hand in settings).
  const askAddress = initial.address !== undefined && !sameName(initial.address.trim(), (initial.name ?? '').trim());
  const total = askAddress ? 6 : 5;
  let n = 0;
  const step = (): string => `${title} (${++n}/${total})`;

  const name = await vscode.window.showInputBox({
    title: step(),
    prompt: kind === 'cluster' ? 'Cluster name (its nodes are found and reached by name)' : 'Host name, FQDN or IP address',
    value: initial.name ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => validateHostName(v) ?? checkName(v.trim()),
  });
  if (name === undefined) return undefined;

  // Off Windows, PowerShell has no WinRM client of its own: SSH comes first and WinRM says what it needs.
  const winrm = winrmNote(process.platform);
  const transportPick = await vscode.window.showQuickPick(
    [
      { label: 'WinRM', description: 'New-PSSession -ComputerName (Windows PowerShell remoting)', detail: winrm, value: 'wsman' as const },
      { label: 'SSH', description: 'New-PSSession -HostName (PowerShell over SSH)', value: 'ssh' as const },
    ].sort((a) => (a.value === (initial.transport ?? (winrm ? 'ssh' : 'wsman')) ? -1 : 1)),
    { title: step(), placeHolder: 'How to reach it', ignoreFocusOut: true },
  );
  if (!transportPick) return undefined;
  const transport = transportPick.value;
  if (transport === 'wsman' && winrm) void vscode.window.showWarningMessage(winrm);

  let address = '';
  if (askAddress) {
    const typed = await vscode.window.showInputBox({
      title: step(),
      prompt: `Address to connect to (empty: ${name.trim()})`,
      value: initial.address ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? validateHostName(v) : undefined),
    });
    if (typed === undefined) return undefined;
    address = typed;
  }

  const port = await vscode.window.showInputBox({
    title: step(),
    prompt: `Port (empty: ${transport === 'ssh' ? '22' : '5985, or 5986 with SSL'})`,
    value: initial.port !== undefined ? String(initial.port) : '',
    ignoreFocusOut: true,
    validateInput: validatePort,
  });
  if (port === undefined) return undefined;

  const userName = await vscode.window.showInputBox({
    title: step(),
    prompt: transport === 'ssh' ? 'User name (empty: your local user name)' : 'User name, e.g. CONTOSO\\admin (empty: your current logon)',
    value: initial.userName ?? '',
    ignoreFocusOut: true,
    validateInput: validateUserName,
  });
  if (userName === undefined) return undefined;

  const entry: { -readonly [K in keyof ConnectionEntry]: ConnectionEntry[K] } = {
    name: name.trim(),
    kind,
    transport,
    address: address.trim() || undefined,
    port: port.trim() ? Number(port.trim()) : undefined,
    userName: userName.trim() || undefined,
  };

  if (transport === 'ssh') {
    const keyFilePath = await vscode.window.showInputBox({
      title: step(),
      prompt: 'Private key file (empty: ssh default keys and agent)',
      value: initial.keyFilePath ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() && !fs.existsSync(v.trim()) ? `No file at ${v.trim()}.` : undefined),
    });
    if (keyFilePath === undefined) return undefined;
    entry.keyFilePath = keyFilePath.trim() || undefined;
  } else {
    const auth = await vscode.window.showQuickPick(
      authentications.map((a) => ({
        label: a,
        detail: authenticationDescriptions[a],
        picked: a === (initial.authentication ?? 'Default'),
      })),
      { title: step(), placeHolder: 'WinRM authentication', ignoreFocusOut: true },
    );
    if (!auth) return undefined;
    entry.authentication = auth.label;
    const ssl = await vscode.window.showQuickPick(
      [
        { label: 'HTTP (5985)', value: false },
        { label: 'HTTPS (5986)', value: true },
      ].sort((a) => (a.value === (initial.useSSL ?? false) ? -1 : 1)),
      { title: step(), placeHolder: 'WinRM over HTTPS?', ignoreFocusOut: true },
    );
    if (!ssl) return undefined;
    entry.useSSL = ssl.value || undefined;
  }
  return entry;
}
