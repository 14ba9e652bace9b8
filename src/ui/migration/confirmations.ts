import * as vscode from 'vscode';
import type { MigrationJob } from '../../core/migration/model';
import { plural } from '../../core/format/words';
import { whereText } from '../../core/migration/view/notices';

/** Confirmations of the panel's and the palette's actions that cannot be taken back. */

export function jobPhase(j: MigrationJob): string {
  return j.status === 'queued' ? 'queued' : `${j.status} ${Math.round(j.percent)} %`;
}

/** Cancel a move: where the VM stays is said first. */
export async function confirmCancel(job: MigrationJob): Promise<boolean> {
  const stays =
    job.status === 'queued'
      ? `It has not started; ${job.vm.name} stays on ${job.sourceHost}.`
      : `Hyper-V stops it; ${job.vm.name} stays on ${whereText(job)}, as it was.`;
  const choice = await vscode.window.showWarningMessage(
    `Cancel the move of ${job.vm.name} to ${job.destinationHost}?`,
    { modal: true, detail: stays },
    'Cancel Migration',
  );
  return choice === 'Cancel Migration';
}

/** Clear finished moves from the panel and history: they cannot be brought back. */
export async function confirmClearFinished(count: number): Promise<boolean> {
  if (count === 0) return false;
  const choice = await vscode.window.showWarningMessage(
    `Clear ${plural(count, 'finished migration')} from the list?`,
    {
      modal: true,
      detail:
        'Their outcomes and errors are removed from the Migrations panel and from history. Moves still running stay.',
    },
    'Clear',
  );
  return choice === 'Clear';
}
