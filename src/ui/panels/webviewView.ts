import * as vscode from 'vscode';
import { checkMessage, dispatchTo, type Handlers, type TypedMessage } from '../../core/webview/receive';
import type { OutputLog } from '../log/outputLog';
import { localResourceRoots, webviewHtml, type WebviewPage } from './html';

export interface WebviewViewOptions<In extends TypedMessage> {
  readonly extensionUri: vscode.Uri;
  readonly page: WebviewPage;
  /** The protocol's guard for what the page sends. */
  readonly parse: (raw: unknown) => In | undefined;
  /** One handler per message type; `ready` is where the owner posts its state. */
  readonly handlers: Handlers<In>;
  readonly log: OutputLog;
  /** Names the panel in the log (`Migrations panel: dropped a malformed message…`). */
  readonly who: string;
  /** The tab's icon, relative to the extension root. */
  readonly icon?: string;
  /** Runs once, when the panel goes (closed by the user or disposed by its owner). */
  readonly onDidDispose?: () => void;
}

export interface OpenOptions {
  readonly viewType: string;
  readonly title: string;
  readonly preserveFocus?: boolean;
}

/**
 * One webview panel's plumbing, shared by every panel: the page with its CSP, the ready handshake, the checked and
 * typed receive path, and one list of disposables. Composed into each panel rather than inherited: the panels differ
 * in how many they keep (one, or one per set of adapters) and the Migrations panel adopts a panel VS Code restores,
 * so the owner outlives the WebviewPanel it shows and holds a new WebviewView for each.
 */
export class WebviewView<In extends TypedMessage, Out> implements vscode.Disposable {
  /** Set by the page's first `ready`; a page rebuilt after being hidden says it again and gets the state then. */
  private ready = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens a new panel in the active column, with scripts allowed only from the extension's resource roots. */
  static open<In extends TypedMessage, Out>(open: OpenOptions, options: WebviewViewOptions<In>): WebviewView<In, Out> {
    const panel = vscode.window.createWebviewPanel(
      open.viewType,
      open.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: open.preserveFocus ?? false },
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: localResourceRoots(options.extensionUri),
      },
    );
    return new WebviewView<In, Out>(panel, options);
  }

  /** Takes over a panel: a new one, or one VS Code restored after a reload (its options are set again). */
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly options: WebviewViewOptions<In>,
  ) {
    if (options.icon) panel.iconPath = vscode.Uri.joinPath(options.extensionUri, ...options.icon.split('/'));
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(options.extensionUri) };
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = webviewHtml(panel.webview, options.extensionUri, options.page);
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Posts to the page once it said it is ready; before that there is no page to listen (it asks when it is). */
  post(message: Out): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  /** Disposed with the panel. */
  track(disposable: vscode.Disposable): void {
    if (this.disposed) disposable.dispose();
    else this.disposables.push(disposable);
  }

  private receive(raw: unknown): void {
    const message = checkMessage(raw, this.options.parse, this.options.log, this.options.who);
    if (!message) return;
    if (message.type === 'ready') this.ready = true;
    dispatchTo(message, this.options.handlers);
  }

  /** Once, whoever asks first: the owner, or the panel closing (its onDidDispose). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.options.onDidDispose?.();
  }
}
