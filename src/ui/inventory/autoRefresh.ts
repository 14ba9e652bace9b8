import * as vscode from 'vscode';

/** Refreshes on a timer only while the view is visible; the interval comes from settings (0 = off). */
export class AutoRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly intervalSeconds: () => number,
    private readonly refresh: () => Promise<void>,
  ) {
    this.subscriptions.push(
      view.onDidChangeVisibility(() => this.reschedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hypervMobility.refreshIntervalSeconds')) this.reschedule();
      }),
    );
    this.reschedule();
  }

  private reschedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = this.intervalSeconds();
    if (this.view.visible && seconds > 0) {
      this.timer = setInterval(() => void this.refresh(), seconds * 1000);
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
