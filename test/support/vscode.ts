/**
 * End-to-end fixture: the extension in a REAL VS Code (code-server, see scripts/install-code-server.sh) driven by
 * playwright-core and Debian's Chromium. Facts it relies on: shared notes/code-server.md.
 *
 *   const vscode = await startVsCode({ settings: { 'hypervMobility.hosts': [...] }, sshFrom: labHome() });
 *   try {
 *     await vscode.openView('Hyper-V');
 *     await vscode.waitForTreeRow('HV-EAST');
 *     await vscode.screenshot('inventory');
 *   } finally {
 *     await vscode.stop();
 *   }
 *
 * Each start gets its own scratch folder .e2e/runs/<id>/ (HOME, user-data-dir, extensions-dir, workspace), the
 * extension installed there from the .vsix (built once per test process, see ensureVsix), code-server in its own
 * process group on 127.0.0.1 and a port it picks itself, and its own Chromium. stop() kills the whole process
 * group; if a test never calls it, the process's exit handler does. Screenshots go to test-results/e2e/, and
 * stop() copies code-server's and the extension host's logs to test-results/e2e/logs/<id>/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { describeFront } from './workbench';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const e2eDir = path.join(repoRoot, '.e2e');
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
export const vsixPath = path.join(repoRoot, 'dist', 'hyperv-mobility.vsix');
export const codeServerEntry = path.join(e2eDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

/** The flags of notes/code-server.md: headless, no sandbox (root), nothing that phones home. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** User settings every run starts from (keeps code-server from reaching outside hosts, and the screen quiet). */
export const baseSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

export interface StartOptions {
  /** Merged over baseSettings into the user settings.json before code-server starts. */
  settings?: Record<string, unknown>;
  /** Folder to open; default: an empty scratch folder in the run directory. */
  workspaceFolder?: string;
  /** Extra environment of code-server, hence of the extension host and the pwsh it starts (applied last). */
  env?: Record<string, string | undefined>;
  /** A HOME folder whose .ssh/ is copied into code-server's scratch HOME, e.g. labHome() to reach lab hosts. */
  sshFrom?: string;
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

/** Default wait of the helpers; E2E_TIMEOUT_MS to change (a loaded machine is slow). */
const DEFAULT_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 45_000);

// ---------------------------------------------------------------------------------------------------------------
// Process groups we started: killed on stop(), and no matter what when this process exits.

const liveGroups = new Set<number>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const)[signal]);
    });
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** An error `until` does not retry. */
class FatalError extends Error {}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (err instanceof FatalError) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Building the .vsix once per test process.

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const st = statSync(entry);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function mtime(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: childEnv({}) });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${what} failed (${command} ${args.join(' ')} → ${result.status ?? result.signal}):\n${output}`);
  }
}

/** The vsce ignore list used while the repository has no .vscodeignore (vsce would otherwise pack .e2e/, .lab/, …). */
// (vsce applies the negations after the exclusions, so list what to keep, not what to drop again.)
const fallbackVscodeignore = ['**', '!package.json', '!dist/**/*.js', '!dist/**/*.map', '!dist/**/*.css', '!media/**', '!LICENSE*', '!.e2e/README.md', ''].join('\n');

let vsixPromise: Promise<string> | undefined;

/**
 * Makes sure dist/hyperv-mobility.vsix holds the current sources: `npm run build` when a file in src/ (or
 * package.json) is newer than dist/extension.js, then `npm run package` when the .vsix is older than the build.
 * Once per process. E2E_SKIP_BUILD=1 uses the .vsix as it is.
 */
export function ensureVsix(): Promise<string> {
  vsixPromise ??= Promise.resolve().then(() => {
    if (process.env.E2E_SKIP_BUILD === '1') {
      if (!existsSync(vsixPath)) throw new Error(`E2E_SKIP_BUILD=1 but ${vsixPath} does not exist (npm run build && npm run package)`);
      return vsixPath;
    }
    const extensionJs = path.join(repoRoot, 'dist', 'extension.js');
    const packageJson = path.join(repoRoot, 'package.json');
    const sources = Math.max(newestMtime(path.join(repoRoot, 'src')), mtime(packageJson), mtime(path.join(repoRoot, 'esbuild.mjs')));
    if (mtime(extensionJs) < sources) run('npm', ['run', 'build', '--silent'], 'building the extension');
    const built = Math.max(mtime(extensionJs), newestMtime(path.join(repoRoot, 'dist', 'webview')), mtime(packageJson), newestMtime(path.join(repoRoot, 'media')));
    if (mtime(vsixPath) < built) {
      const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { files?: unknown };
      if (existsSync(path.join(repoRoot, '.vscodeignore')) || pkg.files !== undefined) {
        run('npm', ['run', 'package', '--silent'], 'packaging the extension');
      } else {
        // Same as `npm run package`, with an ignore list that keeps only what the extension ships.
        mkdirSync(e2eDir, { recursive: true });
        const ignoreFile = path.join(e2eDir, 'vscodeignore');
        writeFileSync(ignoreFile, fallbackVscodeignore);
        // vsce refuses a README with relative images when package.json has no repository: ship a plain one.
        const readme = path.join(e2eDir, 'README.md');
        writeFileSync(readme, '# Hyper-V Mobility\n\nBuilt for the end-to-end tests.\n');
        run(path.join(repoRoot, 'node_modules', '.bin', 'vsce'),
          ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--ignoreFile', ignoreFile, '--readme-path', path.relative(repoRoot, readme), '-o', vsixPath],
          'packaging the extension (vsce with .e2e/vscodeignore: the repository has no .vscodeignore)');
      }
    }
    return vsixPath;
  });
  return vsixPromise;
}

// ---------------------------------------------------------------------------------------------------------------

/** The lab's scratch folder: $HVLAB_DIR, default .lab. */
export function labDir(): string {
  return process.env.HVLAB_DIR ?? path.join(repoRoot, '.lab');
}

/** The lab's HOME (its .ssh/config resolves lab hosts by name): <labDir>/home. */
export function labHome(dir = labDir()): string {
  return path.join(dir, 'home');
}

/**
 * The environment a lab client needs (`eval "$(lab env)"`: PATH with the lab's ssh wrapper, which is what makes
 * host names resolve, and HVLAB_*), as the variables it changes. Pass it as `env` to startVsCode.
 */
export function labEnv(dir = labDir()): Record<string, string> {
  const script = 'env -0 > "$1"; eval "$(bash "$2" --dir "$3" env)" && env -0 > "$4"';
  const before = path.join(e2eDir, `env-${process.pid}-a`);
  const after = path.join(e2eDir, `env-${process.pid}-b`);
  mkdirSync(e2eDir, { recursive: true });
  const result = spawnSync('bash', ['-c', script, 'lab-env', before, path.join(repoRoot, 'lab', 'bin', 'lab'), dir, after], { encoding: 'utf8' });
  try {
    if (result.status !== 0) throw new Error(`lab env failed (is the lab up in ${dir}?): ${result.stderr}`);
    const parse = (file: string): Map<string, string> =>
      new Map(readFileSync(file, 'utf8').split('\0').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const a = parse(before);
    const changed: Record<string, string> = {};
    for (const [key, value] of parse(after)) if (a.get(key) !== value && key !== '_' && key !== 'SHLVL') changed[key] = value;
    return changed;
  } finally {
    rmSync(before, { force: true });
    rmSync(after, { force: true });
  }
}

export interface LabConnection {
  name: string;
  kind: 'host' | 'cluster';
  transport: 'ssh';
}

/**
 * `hypervMobility.hosts` for the lab that is up in `dir` (from its lab.json): the standalone hosts and the
 * clusters (whose nodes the extension finds and reaches by name), over SSH.
 */
export function labConnections(dir = labDir()): LabConnection[] {
  const file = path.join(dir, 'lab.json');
  if (!existsSync(file)) throw new Error(`${file} not found: is the lab up? (bash lab/bin/lab up)`);
  const lab = JSON.parse(readFileSync(file, 'utf8')) as { hosts: { name: string }[]; clusters: { name: string; nodes: string[] }[] };
  const nodes = new Set(lab.clusters.flatMap((c) => c.nodes.map((n) => n.toUpperCase())));
  return [
    ...lab.hosts.filter((h) => !nodes.has(h.name.toUpperCase())).map((h) => ({ name: h.name, kind: 'host' as const, transport: 'ssh' as const })),
    ...lab.clusters.map((c) => ({ name: c.name, kind: 'cluster' as const, transport: 'ssh' as const })),
  ];
}

/** Settings and environment for a VS Code that talks to the lab up in `dir`: spread into startVsCode's options. */
export function labOptions(dir = labDir()): Pick<StartOptions, 'settings' | 'env' | 'sshFrom'> {
  return {
    settings: {
      'hypervMobility.hosts': labConnections(dir),
      'hypervMobility.powershellPath': path.join(repoRoot, '.tools', 'pwsh'),
    },
    env: labEnv(dir),
    sshFrom: existsSync(path.join(labHome(dir), '.ssh')) ? labHome(dir) : undefined,
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'vscode';
}

/** Our environment minus what would confuse a nested VS Code or Node (tsx loader, an outer VS Code's IPC hooks). */
function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_OPTIONS' || key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

let counter = 0;
let pruned = false;

/** Removes .e2e/runs/<id>/ folders left by test processes that are gone (killed before their stop()). */
function pruneStaleRuns(): void {
  if (pruned) return;
  pruned = true;
  const runs = path.join(e2eDir, 'runs');
  if (!existsSync(runs)) return;
  for (const id of readdirSync(runs)) {
    const pid = Number(/^\d{8}T\d{6}-(\d+)-/.exec(id)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) rmSync(path.join(runs, id), { recursive: true, force: true });
  }
}

export async function startVsCode(options: StartOptions = {}): Promise<VsCode> {
  hookExit();
  pruneStaleRuns();
  const readyTimeout = options.readyTimeoutMs ?? 90_000;
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed (${codeServerEntry} missing): run bash scripts/install-code-server.sh`);
  }
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: run bash scripts/setup.sh (apt-get install chromium)`);

  const name = slug(options.name ?? 'vscode');
  counter += 1;
  const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${process.pid}-${counter}-${name}`;
  const runDir = path.join(e2eDir, 'runs', runId);
  const home = path.join(runDir, 'home');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspaceFolder = options.workspaceFolder ?? path.join(runDir, 'workspace');
  for (const dir of [home, path.join(userDataDir, 'User'), extensionsDir, workspaceFolder, resultsDir]) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...baseSettings, ...(options.settings ?? {}) }, null, 2));
  if (options.sshFrom !== undefined) {
    const ssh = path.join(options.sshFrom, '.ssh');
    if (!existsSync(ssh)) throw new Error(`sshFrom: ${ssh} does not exist (is the lab up? bash lab/bin/lab up)`);
    cpSync(ssh, path.join(home, '.ssh'), { recursive: true, preserveTimestamps: true });
  }
  const serverLogPath = path.join(runDir, 'code-server.log');
  const env = childEnv({
    // VS Code's server otherwise replaces the extension host's environment with a login shell's (Debian's
    // /etc/profile resets PATH); with VSCODE_CLI=1 the extension host (and its pwsh) gets exactly this env.
    VSCODE_CLI: '1',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    ...options.env,
  });

  const timings: Timings = { installExtension: 0, listening: 0, healthz: 0, workbench: 0 };
  if (options.installExtension !== false) {
    const vsix = await ensureVsix();
    const copy = path.join(runDir, path.basename(vsix)); // a private copy: another process may be re-packaging
    copyFileSync(vsix, copy);
    const t = Date.now();
    const result = spawnSync(process.execPath, [codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', copy], {
      cwd: runDir, env, encoding: 'utf8', timeout: 120_000,
    });
    timings.installExtension = Date.now() - t;
    const out = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.status !== 0 || !/successfully installed/.test(out)) {
      throw new Error(`installing ${copy} into code-server failed (exit ${result.status ?? result.signal}):\n${out}`);
    }
  }

  // code-server in its own process group (detached = setsid), port chosen by itself and read from its output.
  const logFd = openSync(serverLogPath, 'a');
  const started = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [
      codeServerEntry,
      '--bind-addr', '127.0.0.1:0',
      '--auth', 'none',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspaceFolder,
    ], { cwd: runDir, env, detached: true, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('could not spawn code-server');
  liveGroups.add(pgid);
  child.unref();
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `code-server exited (${code ?? signal})`;
  });
  child.on('error', (err) => {
    exited = `code-server could not start: ${err.message}`;
  });
  const serverLog = (): string => (existsSync(serverLogPath) ? readFileSync(serverLogPath, 'utf8') : '');

  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let stopped = false;
  const pageErrors: string[] = [];

  /** The extension host log files of this run, oldest first (one per window load: exthost1, exthost2, …). */
  const extensionHostLogFiles = (): string[] => {
    const logs = path.join(userDataDir, 'logs');
    if (!existsSync(logs)) return [];
    const files: string[] = [];
    for (const session of readdirSync(logs).sort()) {
      const sessionDir = path.join(logs, session);
      if (!statSync(sessionDir).isDirectory()) continue;
      const hosts = readdirSync(sessionDir).filter((h) => /^exthost\d+$/.test(h)).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
      for (const host of hosts) {
        const file = path.join(sessionDir, host, 'remoteexthost.log');
        if (existsSync(file)) files.push(file);
      }
    }
    return files;
  };
  const extensionHostLog = (): string => extensionHostLogFiles().map((f) => readFileSync(f, 'utf8')).join('\n');
  /** Each window's output channel file (a LogOutputChannel writes <exthost>/<extension id>/<channel>.log). */
  const productLog = (): string =>
    extensionHostLogFiles()
      .map((f) => path.join(path.dirname(f), 'hyperv-mobility.hyperv-mobility', 'Hyper-V Mobility.log'))
      .filter((f) => existsSync(f))
      .map((f) => `==== ${path.relative(userDataDir, f)}\n${readFileSync(f, 'utf8')}`)
      .join('\n');
  const currentExtensionHostLog = (): string => {
    const file = extensionHostLogFiles().at(-1);
    return file === undefined ? '' : readFileSync(file, 'utf8');
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (killGroup(pgid, 'SIGTERM')) {
      try {
        await until('code-server to exit', 5_000, () => (groupAlive(pgid) ? undefined : true));
      } catch {
        killGroup(pgid, 'SIGKILL');
        await until('code-server to die', 5_000, () => (groupAlive(pgid) ? undefined : true)).catch(() => undefined);
      }
    }
    liveGroups.delete(pgid);
    // Keep the logs as artifacts; drop the scratch folder unless asked to keep it.
    try {
      const logsOut = path.join(resultsDir, 'logs', runId);
      mkdirSync(logsOut, { recursive: true });
      writeFileSync(path.join(logsOut, 'code-server.log'), serverLog());
      writeFileSync(path.join(logsOut, 'exthost.log'), extensionHostLog());
      writeFileSync(path.join(logsOut, 'hyper-v-mobility.log'), productLog());
      if (pageErrors.length > 0) writeFileSync(path.join(logsOut, 'page-errors.log'), pageErrors.join('\n'));
    } catch {
      // artifacts are best effort
    }
    if (process.env.E2E_KEEP_RUNS !== '1') rmSync(runDir, { recursive: true, force: true });
  };

  try {
    const listening = await until('code-server to listen', readyTimeout, () => {
      if (exited !== undefined) throw new FatalError(exited);
      const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(serverLog());
      return m?.[1];
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- code-server output ---\n${serverLog().split('\n').slice(-30).join('\n')}`);
    });
    timings.listening = Date.now() - started;
    const baseUrl = listening.endsWith('/') ? listening : `${listening}/`;
    await until('/healthz', readyTimeout, async () => {
      if (exited !== undefined) throw new FatalError(exited);
      const res = await fetch(`${baseUrl}healthz`);
      return res.ok ? true : undefined;
    });
    timings.healthz = Date.now() - started;

    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    context.setDefaultTimeout(DEFAULT_TIMEOUT);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${new Date().toISOString()} ${err.message}`));
    const url = `${baseUrl}?folder=${encodeURIComponent(workspaceFolder)}`;

    const extensionHostsStarted = (): number => (extensionHostLog().match(/Extension host with pid \d+ started/g) ?? []).length;
    /**
     * Ready = the workbench is rendered and this window's extension host has started (the remote extensions are
     * scanned and their contributions registered by then: views, commands, settings).
     */
    const waitForWorkbench = async (hostsBefore: number): Promise<void> => {
      await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: readyTimeout });
      await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: readyTimeout });
      await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: readyTimeout });
      await until('the extension host to start', readyTimeout, () => (extensionHostsStarted() > hostsBefore ? true : undefined), 200)
        .catch((err: Error) => {
          throw new Error(`${err.message}\n--- code-server output ---\n${serverLog().split('\n').slice(-30).join('\n')}`);
        });
    };
    await page.goto(url, { timeout: readyTimeout });
    await waitForWorkbench(0);
    timings.workbench = Date.now() - started;

    const sidebar = page.locator('.part.sidebar');
    const rowsLocator = sidebar.locator('.monaco-list-row[role=treeitem]');
    const quickInput = page.locator('.quick-input-widget');
    const quickInputBox = quickInput.locator('.quick-input-box input');
    const quickRows = quickInput.locator('.quick-input-list .monaco-list-row');
    const toasts = page.locator('.notifications-toasts .notification-toast .notification-list-item-message');

    const parkMouse = async (): Promise<void> => {
      const box = await page.locator('.part.editor').boundingBox().catch(() => null);
      if (box !== null) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    };

    const exact = (text: string): RegExp => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

    const openPalette = async (filter: string, timeoutMs: number): Promise<void> => {
      if (await quickInput.isVisible()) await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await quickInputBox.waitFor({ state: 'visible', timeout: timeoutMs });
      await quickInputBox.fill(`>${filter}`);
    };

    /**
     * Opens the palette filtered by `title` and waits for a row with exactly that label. The palette computes its
     * list once per input change, so a command registered a moment later (an extension still being scanned) only
     * shows after the filter is typed again: retype it every 2 s.
     */
    const findCommand = async (title: string, timeoutMs: number): Promise<Locator | undefined> => {
      await openPalette(title, timeoutMs);
      const row = quickRows.filter({ has: page.locator('.label-name', { hasText: exact(title) }) }).first();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const wait = Math.min(2_000, deadline - Date.now());
        if (wait <= 0) return undefined;
        try {
          await row.waitFor({ state: 'visible', timeout: wait });
          return row;
        } catch {
          if (Date.now() >= deadline) return undefined;
          await quickInputBox.fill('>');
          await quickInputBox.fill(`>${title}`);
        }
      }
    };

    const vscode: VsCode = {
      page,
      url,
      baseUrl,
      pid: pgid,
      runId,
      runDir,
      userDataDir,
      extensionsDir,
      home,
      workspaceFolder,
      timings,

      async screenshot(shot) {
        const file = path.join(resultsDir, `${name}-${slug(shot)}.png`);
        await page.screenshot({ path: file, animations: 'disabled' });
        return file;
      },

      async openView(title, timeoutMs = DEFAULT_TIMEOUT) {
        const entry = page.locator(`.part.activitybar .action-item:has(> [aria-label^="${title.replace(/"/g, '\\"')}"])`).first();
        try {
          await entry.waitFor({ state: 'visible', timeout: timeoutMs });
        } catch {
          const known = await page.locator('.part.activitybar .action-item [aria-label]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
          throw new Error(`openView: no activity bar entry "${title}" after ${timeoutMs} ms; entries: ${JSON.stringify(known)}`);
        }
        const isOpen = ((await entry.getAttribute('class')) ?? '').split(/\s+/).includes('checked');
        if (!isOpen) {
          await entry.click();
          await parkMouse(); // no hover tooltip in later screenshots
        }
        await sidebar.waitFor({ state: 'visible', timeout: timeoutMs });
        await page.locator('.part.activitybar .action-item.checked', { has: page.locator(`[aria-label^="${title.replace(/"/g, '\\"')}"]`) })
          .waitFor({ state: 'visible', timeout: timeoutMs });
      },

      async treeRows() {
        return rowsLocator.evaluateAll((rows) =>
          rows.map((row) => {
            const expanded = row.getAttribute('aria-expanded');
            return {
              label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
              description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
              ariaLabel: row.getAttribute('aria-label') ?? '',
              level: Number(row.getAttribute('aria-level') ?? '1'),
              expanded: expanded === null ? undefined : expanded === 'true',
              selected: row.getAttribute('aria-selected') === 'true' || row.classList.contains('selected'),
            };
          }),
        );
      },

      treeRow(label) {
        const text = typeof label === 'string' ? exact(label) : label;
        return rowsLocator.filter({ has: page.locator('.label-name', { hasText: text }) }).first();
      },

      async waitForTreeRow(label, timeoutMs = DEFAULT_TIMEOUT) {
        const row = vscode.treeRow(label);
        try {
          await row.waitFor({ state: 'visible', timeout: timeoutMs });
        } catch {
          const rows = await vscode.treeRows().catch(() => []);
          throw new Error(`waitForTreeRow: no row ${String(label)} after ${timeoutMs} ms; rows: ${JSON.stringify(rows.map((r) => r.label))}`);
        }
        return row;
      },

      async expandTreeRow(label, timeoutMs = DEFAULT_TIMEOUT) {
        const row = await vscode.waitForTreeRow(label, timeoutMs);
        if ((await row.getAttribute('aria-expanded')) === 'false') {
          await row.locator('.monaco-tl-twistie').click();
          await vscode.treeRow(label).and(page.locator('[aria-expanded="true"]')).waitFor({ state: 'visible', timeout: timeoutMs });
        }
        return row;
      },

      async paletteCommands(filter, timeoutMs = DEFAULT_TIMEOUT) {
        await openPalette(filter, timeoutMs);
        // Filtering is asynchronous: wait until the rows show match highlights (the unfiltered list has none), or the
        // palette says nothing matches.
        // Only shown elements count: the first match of the union may be a hidden message, and waiting for it to show
        // ran out the whole timeout (45 s) on every call.
        const settled = quickInput.locator('.quick-input-list .monaco-list-row .label-name .highlight:visible')
          .or(quickInput.locator('.quick-input-message:visible', { hasText: /\S/ }))
          .or(quickInput.locator('.quick-input-list .monaco-list-row:visible', { hasText: /^No (matching )?commands/i }));
        await settled.first().waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => undefined);
        const labels = await quickRows.locator('.label-name').allTextContents();
        await page.keyboard.press('Escape');
        await quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
        return labels.map((l) => l.trim());
      },

      async runCommand(title, timeoutMs = DEFAULT_TIMEOUT) {
        const row = await findCommand(title, timeoutMs);
        if (row === undefined) {
          const listed = await quickRows.locator('.label-name').allTextContents().catch(() => []);
          await page.keyboard.press('Escape');
          throw new Error(`runCommand: the command palette has no command "${title}" after ${timeoutMs} ms; it lists: ${JSON.stringify(listed)}`);
        }
        await row.click();
        // The palette closes (its rows stay in the page, hidden) or gives way to the command's own quick input.
        // Waiting for the row to leave the page instead cost 45 s after every command that opens nothing.
        try {
          await row.waitFor({ state: 'hidden', timeout: timeoutMs });
        } catch {
          throw new Error(`runCommand: the palette still shows "${title}" ${timeoutMs} ms after it was clicked; ${await describeFront(page)}`);
        }
      },

      async hasCommand(title, timeoutMs = 10_000) {
        const row = await findCommand(title, timeoutMs);
        await page.keyboard.press('Escape');
        await quickInput.waitFor({ state: 'hidden', timeout: DEFAULT_TIMEOUT });
        return row !== undefined;
      },

      async notifications() {
        return (await toasts.allTextContents()).map((t) => t.trim());
      },

      async waitForNotification(match, timeoutMs = DEFAULT_TIMEOUT) {
        const toast = toasts.filter({ hasText: match }).first();
        try {
          await toast.waitFor({ state: 'visible', timeout: timeoutMs });
        } catch {
          throw new Error(`waitForNotification: none matching ${String(match)} after ${timeoutMs} ms; shown: ${JSON.stringify(await vscode.notifications())}`);
        }
        return ((await toast.textContent()) ?? '').trim();
      },

      webviewFrame(index) {
        const frames = page.locator('iframe.webview.ready:visible');
        const frame = index === undefined ? frames.last() : frames.nth(index);
        return frame.contentFrame().locator('iframe#active-frame').contentFrame();
      },

      async reload() {
        const hostsBefore = extensionHostsStarted();
        await page.reload({ timeout: readyTimeout });
        await waitForWorkbench(hostsBefore);
      },

      async waitForActivation(extensionId = 'hyperv-mobility.hyperv-mobility', timeoutMs = DEFAULT_TIMEOUT) {
        const id = extensionId.toLowerCase();
        await until(`activation of ${extensionId}`, timeoutMs, () => {
          const log = currentExtensionHostLog(); // this window's extension host (a reload starts a new one)
          const lines = log.split('\n').filter((l) => l.toLowerCase().includes(id));
          const failed = lines.find((l) => /Activating extension .* failed/i.test(l));
          if (failed !== undefined) throw new FatalError(`extension ${extensionId} failed to activate:\n${log}`);
          return lines.some((l) => l.includes('ExtensionService#_doActivateExtension')) ? true : undefined;
        }).catch((err: Error) => {
          if (err instanceof FatalError) throw err;
          throw new Error(`${err.message}\n--- extension host log ---\n${currentExtensionHostLog()}`);
        });
      },

      extensionHostLog,
      serverLog,
      productLog,

      async saveFailure(test, extra = {}) {
        const dir = path.join(resultsDir, 'failures', name, slug(test));
        mkdirSync(dir, { recursive: true });
        const save = (file: string, text: () => string): void => {
          try {
            writeFileSync(path.join(dir, file), text());
          } catch (e) {
            writeFileSync(path.join(dir, file), `could not be read: ${e instanceof Error ? e.message : String(e)}\n`);
          }
        };
        await page.screenshot({ path: path.join(dir, 'screenshot.png'), animations: 'disabled' }).catch((e: unknown) => save('screenshot.txt', () => `no screenshot: ${String(e)}`));
        save('hyper-v-mobility.log', productLog);
        save('exthost.log', extensionHostLog);
        save('code-server.log', serverLog);
        if (pageErrors.length > 0) save('page-errors.log', () => pageErrors.join('\n'));
        for (const [file, text] of Object.entries(extra)) save(file, () => text);
        return dir;
      },
      stop,
    };
    return vscode;
  } catch (err) {
    await stop();
    throw err;
  }
}

