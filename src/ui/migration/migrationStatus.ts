import * as vscode from 'vscode';
import type { MigrationJob } from '../../app/migration';
import { isFinal } from '../../core/migration/model';

export interface MigrationStatusDeps {
  readonly jobs: () => readonly MigrationJob[];
  readonly onDidChange: (listener: (job: MigrationJob) => void) => { dispose(): void };
  readonly showMigrations: () => void;
  /** The hosts a finished move touched: their inventory is read again so the tree shows the VM where it is. */
  readonly refreshHosts: (hosts: readonly string[]) => Promise<void>;
}

/**
 * The status bar item (how many migrations run, a click opens the panel) and a notification when a move this window
 * saw running ends, with "Show". The tree's inventory of both hosts is refreshed at the end of each move.
 */
export class MigrationStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('hypervMobility.migrations', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: { dispose(): void };
  /** Jobs seen unfinished in this window: only their end is announced (not history restored after a reload). */
  private readonly watching = new Set<string>();

  constructor(private readonly deps: MigrationStatusDeps) {
    this.item.name = 'Hyper-V Migrations';
    this.item.command = 'hypervMobility.showMigrations';
    for (const j of deps.jobs()) if (!isFinal(j.status)) this.watching.add(j.id);
    this.subscription = deps.onDidChange((job) => this.changed(job));
    this.update();
  }

  private changed(job: MigrationJob): void {
    if (!isFinal(job.status)) this.watching.add(job.id);
    else if (this.watching.delete(job.id)) {
      void this.deps.refreshHosts([...new Set([job.sourceHost, job.destinationHost, job.finalLocation?.host].filter((h): h is string => !!h))]);
      void this.announce(job);
    }
    this.update();
  }

  private update(): void {
    const running = this.deps.jobs().filter((j) => !isFinal(j.status)).length;
    if (running === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(sync~spin) ${running} migration${running === 1 ? '' : 's'}`;
    this.item.tooltip = 'Hyper-V migrations running — click to show them';
    this.item.show();
  }

  private async announce(job: MigrationJob): Promise<void> {
    const where = job.finalLocation ? `${job.finalLocation.host}, ${job.finalLocation.state}` : job.sourceHost;
    const choice =
      job.status === 'succeeded'
        ? await vscode.window.showInformationMessage(`${job.vm.name} moved: now on ${where}.`, 'Show')
        : job.status === 'cancelled'
          ? await vscode.window.showInformationMessage(`The move of ${job.vm.name} was cancelled; it is on ${where}.`, 'Show')
          : await vscode.window.showErrorMessage(`The move of ${job.vm.name} failed: ${job.error ?? 'no reason given'} It is on ${where}.`, 'Show');
    if (choice === 'Show') this.deps.showMigrations();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
