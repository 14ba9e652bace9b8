import * as vscode from 'vscode';
import { systemClock } from '../../core/clock';
import { anythingRunning, toPanelState } from '../../core/migration/view/jobView';
import type { DrainProgress, MigrationJob } from '../../core/migration/model';
import type { ProgressSample } from '../../core/migration/progressSamples';
import { PanelUpdates } from '../../core/migration/view/panelUpdates';
import { parsePageMessage, type PanelState, type PageToExtension } from '../../core/migration/view/protocol';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { WebviewView, type WebviewViewOptions } from '../panels/webviewView';
import { migrationsPage } from './migrationsHtml';
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
  /** A running move's recent progress samples (its throughput sparkline). */
  readonly samples: (id: string) => readonly ProgressSample[] | undefined;
  readonly log: OutputLog;
  readonly extensionUri: vscode.Uri;
  readonly clock?: () => number;
}

/**
 * The Migrations panel: at most one, shown on demand or adopted after a reload (it is also the panel's serializer).
 * It sends the whole state, throttled, and does what the page asks after checking the message.
 */
export class MigrationsPanel implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private view: WebviewView<PageToExtension, PanelState> | undefined;
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
    if (this.view) {
      this.view.reveal(options.preserveFocus);
      return;
    }
    this.adopt((view) =>
      WebviewView.open(
        { viewType: migrationsViewType, title: 'Hyper-V Migrations', preserveFocus: options.preserveFocus },
        view,
      ),
    );
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    if (this.view?.panel === panel) return;
    // Only one panel: a second restored one replaces the first.
    this.view?.dispose();
    this.adopt((options) => new WebviewView(panel, options));
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, _state: unknown): Thenable<void> {
    // The page keeps its own last state and shows it at once; the host sends the current one when the page is ready.
    this.restore(panel);
    return Promise.resolve();
  }

  hasPanel(): boolean {
    return this.view !== undefined;
  }

  isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  private adopt(
    make: (options: WebviewViewOptions<PageToExtension>) => WebviewView<PageToExtension, PanelState>,
  ): void {
    const updates = new PanelUpdates({
      clock: { ...systemClock, now: this.now },
      publish: () => this.publish(),
      busy: () => this.busy && this.isVisible(),
    });
    const view = make({
      extensionUri: this.deps.extensionUri,
      page: migrationsPage,
      icon: 'media/hyperv.svg',
      parse: parsePageMessage,
      who: 'Migrations panel',
      log: this.deps.log,
      handlers: {
        ready: () => updates.publishNow(),
        cancel: ({ id }) => this.act(id, 'cancel', () => this.deps.cancel(id)),
        copyAsPowerShell: ({ id }) => this.act(id, 'copy the PowerShell of', () => this.deps.copyAsPowerShell(id)),
        showLog: () => this.deps.log.show(),
        clearFinished: () =>
          void this.deps.clearFinished().catch((e: unknown) => this.fail('Could not clear the finished migrations', e)),
      },
      // Forgets the panel (closed by the user, or replaced); a replaced one's close must not forget its successor.
      onDidDispose: () => {
        if (this.view !== view) return;
        this.view = undefined;
        this.updates = undefined;
      },
    });
    view.track(updates);
    this.view = view;
    this.updates = updates;
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

  private publish(): void {
    const jobs = this.deps.jobs();
    // Sizes of every move from one look at the estate, not one per move.
    const sizes = this.deps.sizes(jobs);
    const state: PanelState = {
      type: 'state',
      ...toPanelState({
        jobs,
        drains: this.deps.drains(),
        now: this.now(),
        sizeOf: (j) => sizes.get(j.id),
        queuePosition: this.deps.queuePosition,
        samplesOf: this.deps.samples,
      }),
    };
    this.busy = anythingRunning(state);
    this.view?.post(state);
  }

  dispose(): void {
    this.changes.dispose();
    this.view?.dispose();
  }
}
