import * as vscode from 'vscode';
import { performanceDescriptions, settingLabels } from '../../core/migration/view/describeSettings';
import { performanceOptions, type PerformanceOption } from '../../core/migration/hostSettings';
import { rateInputText, type SmbLiveMigrationLimit } from '../../core/migration/smbBandwidth';
import {
  addNetwork,
  limitProblem,
  limitRange,
  priorityProblem,
  smbLimitProblem,
  subnetProblem,
  type LimitField,
  type SettingsDraft,
} from '../../core/migration/view/hostSettingsDraft';

// The host settings editor's questions for typed values: each checked as typed, undefined when cancelled.

export function askLimit(host: string, field: LimitField, value: number): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `${settingLabels[field]}: ${host}`,
    prompt: `A whole number from ${limitRange.min} to ${limitRange.max}; more moves than this wait their turn on the host.`,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (text) => limitProblem(field, text),
  });
}

/** The SMB bandwidth limit of live migration as typed text (checked as typed); undefined when cancelled. */
export function askSmbLimit(host: string, now: SmbLiveMigrationLimit | undefined): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `${settingLabels.smbLiveMigrationLimit}: ${host}`,
    prompt:
      'A rate such as 500 MB/s or 4 Gbit/s (MB/s as PowerShell counts: 1 MB = 1,048,576 bytes; no unit means MB/s), from 1 MB/s to 1,000 Gbit/s.',
    value: now?.state === 'limit' ? rateInputText(now.bytesPerSecond) : '',
    placeHolder: '500 MB/s',
    ignoreFocusOut: true,
    validateInput: (text) => smbLimitProblem(text),
  });
}

export async function askPerformance(host: string, now: string): Promise<PerformanceOption | undefined> {
  const choice = await vscode.window.showQuickPick(
    performanceOptions.map((o) => ({
      label: o,
      description: o === now ? `${performanceDescriptions[o]} (chosen)` : performanceDescriptions[o],
      option: o,
    })),
    { title: `${settingLabels.performanceOption}: ${host}`, ignoreFocusOut: true },
  );
  return choice?.option;
}

/** Subnet, then an optional priority, each checked as typed; undefined when cancelled. */
export async function askNetwork(host: string, draft: SettingsDraft): Promise<SettingsDraft | undefined> {
  const subnet = await vscode.window.showInputBox({
    title: `Add migration network: ${host}`,
    prompt: 'An address or a network, IPv4 or IPv6, such as 10.0.1.0/24 or fd00::/64',
    ignoreFocusOut: true,
    validateInput: (text) => subnetProblem(draft, text),
  });
  if (subnet === undefined) return undefined;
  const priority = await vscode.window.showInputBox({
    title: `Add migration network ${subnet.trim()}: ${host}`,
    prompt: 'Priority (optional): a whole number of 0 or more. Leave empty for none.',
    ignoreFocusOut: true,
    validateInput: (text) => priorityProblem(subnet, text),
  });
  if (priority === undefined) return undefined;
  const edit = addNetwork(draft, subnet, priority);
  return edit.ok ? edit.draft : undefined;
}
