import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import { authenticationDescriptions, authentications } from '../../core/connections/connectionEntry';
import { validateHostName, validatePort, validateUserName } from '../../core/connections/validation';
import { winrmNote } from '../../core/connections/winrm';
import { sameName } from '../../core/names';
import { inputStep, pickStep, runSteps, type Step } from '../quickInput/steps';

/** Every answer the wizard can ask for, as typed; a step taken back to shows its answer again. */
interface Answers {
  name: string;
  transport: ConnectionEntry['transport'];
  address: string;
  port: string;
  userName: string;
  keyFilePath: string;
  authentication: NonNullable<ConnectionEntry['authentication']>;
  useSSL: boolean;
}

/**
 * Step-by-step input for a host or cluster connection, each thing asked once: the name typed first is also the
 * address connected to (an IP address or FQDN is a name here), so a separate address is asked only when editing an
 * entry that has one. Every step validates as the user types; Back returns to the step before with its answer kept;
 * Escape at any step returns undefined and nothing is saved.
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
  // Off Windows, PowerShell has no WinRM client of its own: SSH comes first and WinRM says what it needs.
  const winrm = winrmNote(process.platform);
  const answers: Answers = {
    name: initial.name ?? '',
    transport: initial.transport ?? (winrm ? 'ssh' : 'wsman'),
    address: askAddress ? (initial.address ?? '') : '',
    port: initial.port !== undefined ? String(initial.port) : '',
    userName: initial.userName ?? '',
    keyFilePath: initial.keyFilePath ?? '',
    authentication: initial.authentication ?? 'Default',
    useSSL: initial.useSSL ?? false,
  };
  const steps = [
    ...reachSteps(kind, answers.transport, winrm, checkName),
    ...(askAddress ? [addressStep] : []),
    ...accountSteps,
    ...authenticationSteps(answers),
  ];
  return (await runSteps(title, answers, steps)) ? entryOf(kind, answers) : undefined;
}

/** The name, and how to reach it: the transport that is the default is offered first. */
function reachSteps(
  kind: ConnectionEntry['kind'],
  defaultTransport: ConnectionEntry['transport'],
  winrm: string | undefined,
  checkName: (name: string) => string | undefined,
): Step<Answers>[] {
  const transports = [
    {
      label: 'WinRM',
      description: 'New-PSSession -ComputerName (Windows PowerShell remoting)',
      detail: winrm,
      value: 'wsman' as const,
    },
    { label: 'SSH', description: 'New-PSSession -HostName (PowerShell over SSH)', value: 'ssh' as const },
  ].sort((a) => (a.value === defaultTransport ? -1 : 1));
  return [
    inputStep({
      prompt: () =>
        kind === 'cluster' ? 'Cluster name (its nodes are found and reached by name)' : 'Host name, FQDN or IP address',
      value: (a) => a.name,
      validate: (v) => validateHostName(v) ?? checkName(v.trim()),
      answer: (a, v) => (a.name = v),
    }),
    pickStep({
      placeholder: 'How to reach it',
      items: () => transports,
      chosen: (a, t) => t.value === a.transport,
      answer: (a, t) => {
        a.transport = t.value;
        if (t.value === 'wsman' && winrm) void vscode.window.showWarningMessage(winrm);
      },
    }),
  ];
}

const addressStep = inputStep<Answers>({
  prompt: (a) => `Address to connect to (empty: ${a.name.trim()})`,
  value: (a) => a.address,
  validate: (v) => (v.trim() ? validateHostName(v) : undefined),
  answer: (a, v) => (a.address = v),
});

const accountSteps: Step<Answers>[] = [
  inputStep({
    prompt: (a) => `Port (empty: ${a.transport === 'ssh' ? '22' : '5985, or 5986 with SSL'})`,
    value: (a) => a.port,
    validate: validatePort,
    answer: (a, v) => (a.port = v),
  }),
  inputStep({
    prompt: (a) =>
      a.transport === 'ssh'
        ? 'User name (empty: your local user name)'
        : 'User name, e.g. CONTOSO\\admin (empty: your current logon)',
    value: (a) => a.userName,
    validate: validateUserName,
    answer: (a, v) => (a.userName = v),
  }),
];

/** SSH asks for a key file; WinRM for its authentication and whether to use HTTPS. */
function authenticationSteps(initial: Answers): Step<Answers>[] {
  const ssh = (a: Answers): boolean => a.transport === 'ssh';
  const ssl = [
    { label: 'HTTP (5985)', value: false },
    { label: 'HTTPS (5986)', value: true },
  ].sort((a) => (a.value === initial.useSSL ? -1 : 1));
  return [
    inputStep({
      when: ssh,
      prompt: () => 'Private key file (empty: ssh default keys and agent)',
      value: (a) => a.keyFilePath,
      validate: (v) => (v.trim() && !fs.existsSync(v.trim()) ? `No file at ${v.trim()}.` : undefined),
      answer: (a, v) => (a.keyFilePath = v),
    }),
    pickStep({
      when: (a) => !ssh(a),
      placeholder: 'WinRM authentication',
      items: () => authentications.map((label) => ({ label, detail: authenticationDescriptions[label] })),
      chosen: (a, item) => item.label === a.authentication,
      answer: (a, item) => (a.authentication = item.label),
    }),
    pickStep({
      when: (a) => !ssh(a),
      placeholder: 'WinRM over HTTPS?',
      items: () => ssl,
      chosen: (a, item) => item.value === a.useSSL,
      answer: (a, item) => (a.useSSL = item.value),
    }),
  ];
}

/** The entry the answers make: trimmed, with what is left empty left out. */
function entryOf(kind: ConnectionEntry['kind'], a: Answers): ConnectionEntry {
  const entry: ConnectionEntry = {
    name: a.name.trim(),
    kind,
    transport: a.transport,
    address: a.address.trim() || undefined,
    port: a.port.trim() ? Number(a.port.trim()) : undefined,
    userName: a.userName.trim() || undefined,
  };
  return a.transport === 'ssh'
    ? { ...entry, keyFilePath: a.keyFilePath.trim() || undefined }
    : { ...entry, authentication: a.authentication, useSSL: a.useSSL || undefined };
}
