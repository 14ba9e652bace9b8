import * as vscode from 'vscode';
import type { MigrationJob, MoveRequest } from '../../core/migration/model';
import { isFinal } from '../../core/migration/model';
import { endLogLine, endNotice } from '../../core/migration/view/notices';
import type { OutputLog } from '../log/outputLog';

export interface MigrationStatusDeps {
  readonly jobs: () => readonly MigrationJob[];
  readonly onDidChange: (listener: (job: MigrationJob) => void) => { dispose(): void };
  readonly showMigrations: () => void;
  /** The hosts a finished move touched: their inventory is read again so the tree shows the VM where it is. */
  readonly refreshHosts: (hosts: readonly string[]) => Promise<void>;
  /** Moves that are part of a batch: the batch's summary tells their end, not one toast each. */
  readonly inBatch: (jobId: string) => boolean;
  /** Moves the hosts run for a drain or a failback (not jobs of ours), counted in the status bar too. */
  readonly maintenanceMoves: () => number;
  readonly onMaintenanceChange: (listener: () => void) => { dispose(): void };
  readonly log: OutputLog;
  /** The quick migration to offer after a live move a host refused (fallbacks.ts), undefined when none is. */
  readonly quickMigrationAfter: (job: MigrationJob) => MoveRequest | undefined;
  /** Runs a move through its preflight and confirmation. */
  readonly move: (request: MoveRequest) => Promise<void>;
}

const quickOfferText =
  'The host refused the live migration; a quick migration (save, move, resume) needs no live migration connection.';

/**
 * The status bar item (how many migrations run, a click opens the panel) and a notification when a move this window
 * saw running ends, with "Show". The tree's inventory of both hosts is refreshed at the end of each move.
 */
export class MigrationStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'hypervMobility.migrations',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly subscriptions: { dispose(): void }[];
  /** Jobs seen unfinished in this window: only their end is announced (not history restored after a reload). */
  private readonly watching = new Set<string>();

  constructor(private readonly deps: MigrationStatusDeps) {
    this.item.name = 'Hyper-V Migrations';
    this.item.command = 'hypervMobility.showMigrations';
    for (const j of deps.jobs()) if (!isFinal(j.status)) this.watching.add(j.id);
    this.subscriptions = [deps.onDidChange((job) => this.changed(job)), deps.onMaintenanceChange(() => this.update())];
    this.update();
  }

  private changed(job: MigrationJob): void {
    if (!isFinal(job.status)) this.watching.add(job.id);
    else if (this.watching.delete(job.id)) {
      void this.deps.refreshHosts([
        ...new Set([job.sourceHost, job.destinationHost, job.finalLocation?.host].filter((h): h is string => !!h)),
      ]);
      if (job.status === 'failed') this.deps.log.error(endLogLine(job));
      else this.deps.log.info(endLogLine(job));
      if (!this.deps.inBatch(job.id)) void this.announce(job);
    }
    this.update();
  }

  private update(): void {
    const ours = this.deps.jobs().filter((j) => !isFinal(j.status)).length;
    const cluster = this.deps.maintenanceMoves();
    const running = ours + cluster;
    if (running === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(sync~spin) ${running} migration${running === 1 ? '' : 's'}`;
    this.item.tooltip = `Hyper-V migrations running${cluster ? ` (${cluster} by the cluster for node maintenance)` : ''} — click to show them`;
    this.item.show();
  }

  private async announce(job: MigrationJob): Promise<void> {
    const notice = endNotice(job);
    const quick = this.deps.quickMigrationAfter(job);
    const offer = 'Quick Migration Instead…';
    const buttons = quick ? [offer, 'Show'] : ['Show'];
    const text = quick ? `${notice.text} ${quickOfferText}` : notice.text;
    const choice =
      notice.severity === 'info'
        ? await vscode.window.showInformationMessage(text, ...buttons)
        : await vscode.window.showErrorMessage(text, ...buttons);
    if (choice === 'Show') this.deps.showMigrations();
    if (choice === offer && quick) await this.deps.move(quick);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
