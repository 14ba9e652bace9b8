import * as vscode from 'vscode';
import type { AdapterOutcome } from '../../app/acceleration/accelerationService';
import type { OutputLog } from '../log/outputLog';

export function outcomeLabel(o: AdapterOutcome): string {
  return `${o.ref.vmName} — ${o.ref.adapterName} on ${o.ref.host}`;
}

/**
 * One notification for a change over many adapters: a success count, or the failures with "Show Log" (each failure
 * is in the log with its host's message and error id).
 */
export async function reportOutcomes(log: OutputLog, what: string, outcomes: readonly AdapterOutcome[]): Promise<void> {
  const failed = outcomes.filter((o) => !o.ok);
  for (const o of outcomes) {
    if (o.ok) log.info(`${what}: ${outcomeLabel(o)}: applied`);
    else
      log.error(
        `${what}: ${outcomeLabel(o)}: ${o.error?.message ?? 'failed'}${o.error?.fullyQualifiedErrorId ? ` (${o.error.fullyQualifiedErrorId})` : ''}`,
      );
  }
  const n = outcomes.length;
  if (failed.length === 0) {
    void vscode.window.showInformationMessage(`${what}: applied to ${n} network adapter${n === 1 ? '' : 's'}.`);
    return;
  }
  const first = failed[0]!;
  const detail = `${outcomeLabel(first)}: ${first.error?.message ?? 'failed'}${first.error?.fullyQualifiedErrorId ? ` (${first.error.fullyQualifiedErrorId})` : ''}`;
  const message = `${what}: ${failed.length} of ${n} network adapter${n === 1 ? '' : 's'} failed. ${detail}`;
  const choice = await vscode.window.showErrorMessage(message, 'Show Log');
  if (choice === 'Show Log') log.show();
}
