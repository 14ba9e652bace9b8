import * as vscode from 'vscode';
import type { ReadinessService } from '../../app/readiness/readinessService';
import { findCheck } from '../../core/readiness/evaluate';
import { allFixesScript } from '../../core/readiness/fixScripts';
import {
  parseReadinessPageMessage,
  type ReadinessState,
  type ReadinessPageMessage,
} from '../../core/readiness/protocol';
import { toReadinessView } from '../../core/readiness/view';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { WebviewView } from '../panels/webviewView';
import { errorMessage } from '../../contract/errorMessage';

export const readinessViewType = 'hypervMobility.readiness';

export interface ReadinessPanelDeps {
  readonly service: ReadinessService;
  readonly log: OutputLog;
  readonly extensionUri: vscode.Uri;
  /** Defaults to VS Code's clipboard; tests pass their own. */
  readonly copyToClipboard?: (text: string) => Thenable<void>;
}

const message = (e: unknown): string => errorMessage(e);

/**
 * The Host Readiness panel: the last report, drawn by its page; Check Again, a fix (confirmed first when it changes
 * Active Directory) and Copy as PowerShell. A fix is followed by a new check, so the page shows what the hosts say.
 */
export class ReadinessPanel implements vscode.Disposable {
  private view: WebviewView<ReadinessPageMessage, ReadinessState> | undefined;
  private fixing: string | undefined;
  private error: string | undefined;
  private readonly changes: { dispose(): void };

  constructor(private readonly deps: ReadinessPanelDeps) {
    this.changes = deps.service.onDidChange(() => this.publish());
  }

  show(): void {
    if (this.view) {
      this.view.reveal();
      return;
    }
    const view = WebviewView.open<ReadinessPageMessage, ReadinessState>(
      { viewType: readinessViewType, title: 'Host Readiness' },
      {
        extensionUri: this.deps.extensionUri,
        page: {
          script: 'dist/webview/readiness.js',
          styles: ['dist/webview/codicons/codicon.css', 'media/webview.css', 'media/readiness.css'],
          title: 'Host Readiness',
        },
        icon: 'media/hyperv.svg',
        parse: parseReadinessPageMessage,
        who: 'Host Readiness panel',
        log: this.deps.log,
        handlers: {
          ready: () => this.publish(),
          recheck: () => {
            const last = this.deps.service.result();
            if (last) void this.check(last.hosts);
          },
          showLog: () => this.deps.log.show(),
          copyAll: () => void this.copyAll(),
          copy: ({ id }) => void this.copy(id),
          fix: ({ id }) => void this.fix(id),
        },
        onDidDispose: () => {
          if (this.view === view) this.view = undefined;
        },
      },
    );
    this.view = view;
  }

  /** Runs a check of these hosts with the panel open; errors land on the page and in a notification. */
  async check(hosts: readonly string[]): Promise<void> {
    this.show();
    this.error = undefined;
    try {
      const r = await this.deps.service.check(hosts);
      this.deps.log.info(
        `Readiness of ${hosts.join(', ')}: ${r.report.counts.fail} failed, ${r.report.counts.warn} warnings, ${r.report.counts.unknown} unknown.`,
      );
    } catch (e) {
      this.error = `The readiness check failed: ${message(e)}`;
      this.publish();
      await showCommandError(this.deps.log, this.error);
    }
  }

  private checkById(id: string) {
    const report = this.deps.service.result()?.report;
    const check = report ? findCheck(report, id) : undefined;
    // An id the report does not hold is a stale page or a forged message: nothing runs for it.
    if (!check)
      this.deps.log.error(`Host Readiness panel: asked about check ${id}, which the last report does not hold.`);
    return check;
  }

  private async copy(id: string): Promise<void> {
    const script = this.checkById(id)?.fix?.script;
    if (!script) return;
    await (this.deps.copyToClipboard ?? ((t) => vscode.env.clipboard.writeText(t)))(script);
    void vscode.window.showInformationMessage('The fix is on the clipboard as PowerShell.');
  }

  private async copyAll(): Promise<void> {
    const report = this.deps.service.result()?.report;
    if (!report) return;
    const checks = [...report.hosts, ...report.pairs]
      .flatMap((s) => s.checks)
      .filter((c) => c.status === 'fail' || c.status === 'warn' || c.status === 'unknown');
    await (this.deps.copyToClipboard ?? ((t) => vscode.env.clipboard.writeText(t)))(allFixesScript(checks));
    void vscode.window.showInformationMessage('Every fix of this report is on the clipboard as PowerShell.');
  }

  private async fix(id: string): Promise<void> {
    const action = this.checkById(id)?.fix?.action;
    if (!action || this.fixing) return;
    if (action.confirm) {
      const go = await vscode.window.showWarningMessage(action.label, { modal: true, detail: action.confirm }, 'Apply');
      if (go !== 'Apply') return;
    }
    this.fixing = id;
    this.publish();
    try {
      const done = await this.deps.service.fix(action.run);
      void vscode.window.showInformationMessage(done);
      this.deps.log.info(`Readiness fix "${action.label}": ${done}`);
    } catch (e) {
      await showCommandError(this.deps.log, `${action.label} failed: ${message(e)}`);
    } finally {
      this.fixing = undefined;
    }
    const last = this.deps.service.result();
    if (last) await this.check(last.hosts);
  }

  private publish(): void {
    const view = this.view;
    if (!view) return;
    const last = this.deps.service.result();
    const state: ReadinessState = {
      type: 'state',
      ...toReadinessView({
        report: last?.report,
        checkedAt: last?.checkedAt,
        running: this.deps.service.running,
        fixing: this.fixing,
        error: this.error,
      }),
    };
    view.post(state);
  }

  dispose(): void {
    this.changes.dispose();
    this.view?.dispose();
  }
}
