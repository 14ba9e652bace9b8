// What a test gets from startVsCode: the options it takes and the VsCode window it returns.
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Default wait of the helpers; E2E_TIMEOUT_MS to change (a loaded machine is slow). */
export const defaultTimeoutMs = Number(process.env.E2E_TIMEOUT_MS ?? 45_000);

export interface StartOptions {
  /** Merged over baseSettings into the user settings.json before code-server starts. */
  settings?: Record<string, unknown>;
  /** Folder to open; default: an empty scratch folder in the run directory. */
  workspaceFolder?: string;
  /** Extra environment of code-server, hence of the extension host and the pwsh it starts (applied last). */
  env?: Record<string, string | undefined>;
  /** Short name used in the run id, the screenshot file names and the logs folder (default 'vscode'). */
  name?: string;
  /** Install the extension .vsix (default true). */
  installExtension?: boolean;
  viewport?: { width: number; height: number };
  /** Time allowed for code-server to listen and the workbench to appear (default 90 s). */
  readyTimeoutMs?: number;
}

export interface TreeRow {
  label: string;
  description: string;
  /** The row's aria-label: its tooltip when one is set, else label and description. */
  ariaLabel: string;
  /** 1 for top-level rows. */
  level: number;
  /** undefined for leaves. */
  expanded: boolean | undefined;
  selected: boolean;
}

export interface Timings {
  /** ms to install the .vsix into the run's extensions-dir */
  installExtension: number;
  /** ms from spawning code-server to its "HTTP server listening" line */
  listening: number;
  /** ms from spawning code-server to the first 200 from /healthz */
  healthz: number;
  /** ms from spawning code-server to the workbench rendered in the browser and its extension host started */
  workbench: number;
}

export interface VsCode {
  readonly page: Page;
  /** The URL that was opened, with ?folder=… */
  readonly url: string;
  /** http://127.0.0.1:PORT/ */
  readonly baseUrl: string;
  /** code-server's pid, which is also its process group id. */
  readonly pid: number;
  readonly runId: string;
  readonly runDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly home: string;
  readonly workspaceFolder: string;
  readonly timings: Timings;
  /** Saves test-results/e2e/<name>-<shot>.png (animations finished first) and returns its path. */
  screenshot(shot: string): Promise<string>;
  /** Opens the activity bar container with this title (no-op if it is already open) and waits for its side bar. */
  openView(title: string, timeoutMs?: number): Promise<void>;
  /** The tree rows currently rendered in the side bar (a virtualised list: only the visible ones). */
  treeRows(): Promise<TreeRow[]>;
  /** A side bar tree row by its exact label (string) or a label pattern. */
  treeRow(label: string | RegExp): Locator;
  /** Waits until a side bar tree row with this label is visible, and returns it. */
  waitForTreeRow(label: string | RegExp, timeoutMs?: number): Promise<Locator>;
  /** Waits for the side bar tree row and expands it if it is collapsed (no-op for expanded rows and leaves). */
  expandTreeRow(label: string | RegExp, timeoutMs?: number): Promise<Locator>;
  /** Runs a command from the command palette (F1) by its full title, e.g. 'Hyper-V: Refresh'. */
  runCommand(title: string, timeoutMs?: number): Promise<void>;
  /** Whether the command palette offers a command with exactly this title (the palette is closed again afterwards). */
  hasCommand(title: string, timeoutMs?: number): Promise<boolean>;
  /** Labels the command palette lists for this filter text right now (the palette is closed again afterwards). */
  paletteCommands(filter: string, timeoutMs?: number): Promise<string[]>;
  /** Messages of the notification toasts currently shown. */
  notifications(): Promise<string[]>;
  /** Waits for a notification toast whose message matches, and returns its message. */
  waitForNotification(match: string | RegExp, timeoutMs?: number): Promise<string>;
  /** The content frame of a visible webview (the last one by default). */
  webviewFrame(index?: number): FrameLocator;
  /** Reloads the browser page (a VS Code window reload: new extension host) and waits for the workbench. */
  reload(): Promise<void>;
  /**
   * Waits until this window's extension host log says the extension was activated (it activates on its view or a
   * command: open one first); throws with the log if activation failed.
   */
  waitForActivation(extensionId?: string, timeoutMs?: number): Promise<void>;
  /** Text of the extension host logs of this run (all windows so far). */
  extensionHostLog(): string;
  /** The extension's own output channel ("Hyper-V Mobility") of every window so far, oldest first. */
  productLog(): string;
  /**
   * Saves what a person needs to see why a test failed into test-results/e2e/failures/<name>/<test>/: a screenshot,
   * the extension's output channel, the extension host log, code-server's output and `extra` files (e.g. the lab's
   * state). Returns the folder. Best effort: a part that cannot be saved is noted in its place.
   */
  saveFailure(test: string, extra?: Readonly<Record<string, string>>): Promise<string>;
  /** code-server's own output so far. */
  serverLog(): string;
  /** Closes the browser, kills code-server's process group, saves logs. Idempotent; always call it (finally/after). */
  stop(): Promise<void>;
}
