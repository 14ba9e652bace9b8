import * as vscode from 'vscode';
import { systemClock } from '../../core/migration/clock';
import { anythingRunning, toPanelState } from '../../core/migration/jobView';
import type { DrainProgress, MigrationJob } from '../../core/migration/model';
import { dispatchWebviewMessage } from '../../core/migration/panelMessages';
import { PanelUpdates } from '../../core/migration/panelUpdates';
import type { PanelState } from '../../core/migration/protocol';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { localResourceRoots } from '../webview/html';
import { migrationsHtml } from './migrationsHtml';
import { errorMessage } from '../../contract/errorMessage';

export const migrationsViewType = 'hypervMobility.migrations';

export interface MigrationsPanelDeps {
  readonly jobs: () => readonly MigrationJob[];
  /** Fires when a job or a drain changes. */
  readonly onDidChange: (listener: () => void) => { dispose(): void };
  readonly drains: () => readonly DrainProgress[];
  readonly cancel: (id: string) => Promise<void>;
  readonly copyAsPowerShell: (id: string) => Promise<void>;
  readonly clearFinished: () => Promise<void>;
  readonly queuePosition: (id: string) => number | undefined;
  /** Bytes the move carries (memory and disks), when known: gives the throughput. */
  readonly sizes: (jobs: readonly MigrationJob[]) => ReadonlyMap<string, number>;
  readonly log: OutputLog;
  readonly extensionUri: vscode.Uri;
  readonly clock?: () => number;
}

/**
 * The Migrations panel: at most one, shown on demand or adopted after a reload (it is also the panel's serializer).
 * It sends the whole state, throttled, and does what the page asks after checking the message.
 */
export class MigrationsPanel implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelSubscriptions: vscode.Disposable[] = [];
  private updates: PanelUpdates | undefined;
  private busy = false;
  private readonly changes: { dispose(): void };
  private readonly now: () => number;

  constructor(private readonly deps: MigrationsPanelDeps) {
    this.now = deps.clock ?? (() => Date.now());
    this.changes = deps.onDidChange(() => {
      // A hidden panel has no page (its context is not retained): it gets the state when the page says ready.
      if (this.isVisible()) this.updates?.changed();
    });
  }

  /**
   * Opens the panel, or brings it to the front. `preserveFocus` keeps the keyboard where it is: the product shows the
   * panel on its own when a move starts, and taking the focus then would close a quick pick the user has open (a
   * webview restores its focus asynchronously, after the next quick pick may already be showing).
   */
  show(options: { readonly preserveFocus: boolean }): void {
    if (this.panel) {
      this.panel.reveal(undefined, options.preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(migrationsViewType, 'Hyper-V Migrations', { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: localResourceRoots(this.deps.extensionUri),
    });
    this.adopt(panel);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    const old = this.panel;
    if (old === panel) return;
    // Only one panel: a second restored one replaces the first.
    if (old) {
      this.release(old);
      old.dispose();
    }
    this.adopt(panel);
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, _state: unknown): Thenable<void> {
    // The page keeps its own last state and shows it at once; the host sends the current one when the page is ready.
    this.restore(panel);
    return Promise.resolve();
  }

  hasPanel(): boolean {
    return this.panel !== undefined;
  }

  isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.updates = new PanelUpdates({
      clock: { ...systemClock, now: this.now },
      publish: () => this.publish(panel),
      busy: () => this.busy && panel.visible,
    });
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'hyperv.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(this.deps.extensionUri) };
    panel.webview.html = migrationsHtml(panel.webview, this.deps.extensionUri);
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.release(panel)),
    ];
  }

  /** Forgets the panel (closed by the user, or replaced). */
  private release(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    this.panel = undefined;
    this.updates?.dispose();
    this.updates = undefined;
    for (const d of this.panelSubscriptions.splice(0)) d.dispose();
  }

  private receive(raw: unknown): void {
    dispatchWebviewMessage(
      raw,
      {
        ready: () => this.updates?.publishNow(),
        cancel: ({ id }) => this.act(id, 'cancel', () => this.deps.cancel(id)),
        copyAsPowerShell: ({ id }) => this.act(id, 'copy the PowerShell of', () => this.deps.copyAsPowerShell(id)),
        showLog: () => this.deps.log.show(),
        clearFinished: () => void this.deps.clearFinished().catch((e: unknown) => this.fail('Could not clear the finished migrations', e)),
      },
      this.deps.log,
    );
  }

  /** Runs an action on a job the panel knows; an id it does not know is a stale page or a forged message. */
  private act(id: string, what: string, action: () => Promise<void>): void {
    const job = this.deps.jobs().find((j) => j.id === id);
    if (!job) {
      this.deps.log.error(`Migrations panel: asked to ${what} migration ${id}, which is not known.`);
      return;
    }
    void action().catch((e: unknown) => this.fail(`Could not ${what} the migration of ${job.vm.name}`, e));
  }

  private fail(what: string, e: unknown): void {
    void showCommandError(this.deps.log, `${what}: ${errorMessage(e)}`);
  }

  private publish(panel: vscode.WebviewPanel): void {
    const jobs = this.deps.jobs();
    // Sizes of every move from one look at the estate, not one per move.
    const sizes = this.deps.sizes(jobs);
    const state: PanelState = {
      type: 'state',
      ...toPanelState({ jobs, drains: this.deps.drains(), now: this.now(), sizeOf: (j) => sizes.get(j.id), queuePosition: this.deps.queuePosition }),
    };
    this.busy = anythingRunning(state);
    void panel.webview.postMessage(state);
  }

  dispose(): void {
    this.changes.dispose();
    const panel = this.panel;
    if (!panel) return;
    this.release(panel);
    panel.dispose();
  }
}
