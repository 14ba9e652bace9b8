import * as vscode from 'vscode';
import type { AccelerationService, AdapterOutcome } from '../../app/acceleration/accelerationService';
import { accelerationScript } from '../../core/acceleration/copyAsPowerShell';
import { refKey, type AdapterEntry } from '../../core/acceleration/catalog';
import {
  commonValues,
  settingsOf,
  type AccelerationChange,
  type AccelerationSettings,
  type AdapterRef,
  type HostFacts,
} from '../../core/acceleration/model';
import {
  parsePageMessage,
  type AdapterView,
  type ExtensionToPage,
  type PageToExtension,
} from '../../core/acceleration/protocol';
import { InvalidChangeError, validateChange } from '../../core/acceleration/validate';
import { accelerationWarnings } from '../../core/acceleration/warnings';
import type { OutputLog } from '../log/outputLog';
import { WebviewView } from '../panels/webviewView';
import { outcomeLabel, reportOutcomes } from './results';
import { errorMessage } from '../../contract/errorMessage';

export interface EditorDeps {
  readonly service: AccelerationService;
  readonly log: OutputLog;
  readonly extensionUri: vscode.Uri;
}

interface Row {
  readonly ref: AdapterRef;
  current: AccelerationSettings;
  facts: HostFacts;
}

/**
 * One editor panel for one or many adapters: shows what the inventory knows at once, then what the hosts report;
 * applies only the fields the user changed, shows each adapter's read-back or error as it came from its host.
 */
export class AccelerationEditorPanel implements vscode.Disposable {
  private readonly rows: Row[];
  private readonly view: WebviewView<PageToExtension, ExtensionToPage>;

  constructor(
    private readonly deps: EditorDeps,
    readonly key: string,
    entries: readonly AdapterEntry[],
    /** The panel went: closed by the user or disposed. */
    onDidClose: () => void,
  ) {
    this.rows = entries.map((e) => ({ ref: e.ref, current: settingsOf(e.adapter), facts: e.facts }));
    const first = entries[0]?.ref;
    const title =
      entries.length === 1 && first
        ? `Acceleration: ${first.vmName} — ${first.adapterName}`
        : `Acceleration: ${entries.length} adapters`;
    this.view = WebviewView.open(
      { viewType: 'hypervMobility.acceleration', title },
      {
        extensionUri: deps.extensionUri,
        page: {
          script: 'dist/webview/acceleration.js',
          styles: ['media/webview.css', 'media/acceleration.css'],
          title,
        },
        parse: parsePageMessage,
        who: 'Acceleration editor',
        log: deps.log,
        handlers: {
          ready: () => {
            this.postState();
            void this.readFromHosts();
          },
          apply: ({ values }) => void this.apply(values),
          copyAsPowerShell: ({ values }) => void this.copy(values),
        },
        onDidDispose: onDidClose,
      },
    );
  }

  reveal(): void {
    this.view.reveal();
  }

  private post(message: ExtensionToPage): void {
    this.view.post(message);
  }

  private postState(): void {
    const adapters: AdapterView[] = this.rows.map((r) => ({
      key: refKey(r.ref),
      host: r.ref.host,
      vmName: r.ref.vmName,
      adapterName: r.ref.adapterName,
      current: r.current,
      facts: r.facts,
    }));
    const warnings = [...new Set(this.rows.flatMap((r) => accelerationWarnings(r.current, {}, r.facts)))];
    this.post({ type: 'state', adapters, values: commonValues(this.rows.map((r) => r.current)), warnings });
  }

  /** The inventory may be a refresh old: show what the hosts report now. */
  private async readFromHosts(): Promise<void> {
    try {
      const outcomes = await this.deps.service.read(this.rows.map((r) => r.ref));
      if (this.update(outcomes)) this.postState();
      for (const o of outcomes)
        if (!o.ok)
          this.deps.log.info(`Acceleration editor: could not read ${outcomeLabel(o)}: ${o.error?.message ?? ''}`);
    } catch (e) {
      this.deps.log.info(`Acceleration editor: could not read the adapters: ${errorMessage(e)}`);
    }
  }

  /** Takes what the hosts reported as the new current values; true when anything was read. */
  private update(outcomes: readonly AdapterOutcome[]): boolean {
    let any = false;
    for (const o of outcomes) {
      const row = this.rows.find((r) => refKey(r.ref) === refKey(o.ref));
      if (!row || !o.readBack) continue;
      const {
        ipsecOffloadSAUsage: _1,
        vmqUsage: _2,
        iovUsage: _3,
        iovQueuePairsAssigned: _4,
        ...settings
      } = o.readBack;
      row.current = settings;
      if (o.facts) row.facts = o.facts;
      any = true;
    }
    return any;
  }

  private async apply(values: AccelerationChange): Promise<void> {
    const problems = validateChange(values);
    if (problems.length) {
      this.deps.log.error(`Acceleration editor: refused ${problems.map((p) => p.reason).join(' ')}`);
      this.post({ type: 'refused', problems });
      return;
    }
    try {
      const outcomes = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Applying acceleration settings to ${this.rows.length} network adapter(s)…`,
        },
        () =>
          this.deps.service.apply(
            this.rows.map((r) => r.ref),
            values,
          ),
      );
      if (this.update(outcomes)) this.postState();
      this.post({
        type: 'result',
        outcomes: outcomes.map((o) => ({
          key: refKey(o.ref),
          label: outcomeLabel(o),
          ok: o.ok,
          readBack: o.readBack,
          facts: o.facts,
          error: o.error
            ? { message: o.error.message, fullyQualifiedErrorId: o.error.fullyQualifiedErrorId }
            : undefined,
        })),
      });
      await reportOutcomes(this.deps.log, 'Network adapter acceleration', outcomes);
    } catch (e) {
      if (e instanceof InvalidChangeError) {
        this.post({ type: 'refused', problems: e.problems });
        return;
      }
      const message = errorMessage(e);
      this.post({
        type: 'result',
        outcomes: this.rows.map((r) => ({
          key: refKey(r.ref),
          label: `${r.ref.vmName} — ${r.ref.adapterName} on ${r.ref.host}`,
          ok: false,
          error: { message },
        })),
      });
      this.deps.log.error(`Network adapter acceleration failed: ${message}`);
    }
  }

  private async copy(values: AccelerationChange): Promise<void> {
    const problems = validateChange(values);
    if (problems.length) {
      this.post({ type: 'refused', problems });
      return;
    }
    await vscode.env.clipboard.writeText(
      accelerationScript(
        this.rows.map((r) => r.ref),
        values,
      ),
    );
    void vscode.window.showInformationMessage('PowerShell for this change copied to the clipboard.');
  }

  dispose(): void {
    this.view.dispose();
  }
}

/** The open editors, one per set of adapters: opening the same set again reveals it. */
export class AccelerationEditors implements vscode.Disposable {
  private readonly open = new Map<string, AccelerationEditorPanel>();

  constructor(private readonly deps: EditorDeps) {}

  show(entries: readonly AdapterEntry[]): void {
    if (entries.length === 0) return;
    const key = entries
      .map((e) => refKey(e.ref))
      .sort()
      .join(',');
    const existing = this.open.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    this.open.set(key, new AccelerationEditorPanel(this.deps, key, entries, () => this.open.delete(key)));
  }

  dispose(): void {
    for (const p of [...this.open.values()]) p.dispose();
    this.open.clear();
  }
}
