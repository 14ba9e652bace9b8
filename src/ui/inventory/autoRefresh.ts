import * as vscode from 'vscode';
import { RefreshTimer } from '../../app/inventory/refreshTimer';

/** The refresh timer, told when the view's visibility or the interval setting changes. */
export class AutoRefresh implements vscode.Disposable {
  private readonly timer: RefreshTimer;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    view: vscode.TreeView<unknown>,
    intervalSeconds: () => number,
    refresh: () => Promise<void>,
    reportError: (message: string) => void,
  ) {
    this.timer = new RefreshTimer({ intervalSeconds, visible: () => view.visible, refresh, reportError });
    this.subscriptions.push(
      view.onDidChangeVisibility(() => this.timer.reschedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hypervMobility.refreshIntervalSeconds')) this.timer.reschedule();
      }),
    );
    this.timer.reschedule();
  }

  dispose(): void {
    this.timer.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
