// code-server (see scripts/install-code-server.sh): the extension installed into a run's extensions-dir, and the
// server itself in its own process group on 127.0.0.1 and a port it picks itself, read from its output.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { FatalError, waitFor } from '../poll';
import { childEnv } from './childEnv';
import { RunLogs } from './logs';
import { e2eDir } from './paths';
import { ProcessGroup } from './processGroup';
import type { RunFolder } from './runFolder';

export const codeServerEntry = path.join(
  e2eDir,
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);

/** code-server's environment, hence the extension host's and the pwsh it starts: the run's HOME, `extra` last. */
export function codeServerEnv(run: RunFolder, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return childEnv({
    // VS Code's server otherwise replaces the extension host's environment with a login shell's (Debian's
    // /etc/profile resets PATH); with VSCODE_CLI=1 the extension host (and its pwsh) gets exactly this env.
    VSCODE_CLI: '1',
    HOME: run.home,
    XDG_CONFIG_HOME: path.join(run.home, '.config'),
    XDG_DATA_HOME: path.join(run.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(run.home, '.cache'),
    ...extra,
  });
}

/** Installs the .vsix into the run's extensions-dir; returns how many ms that took. */
export function installExtension(run: RunFolder, env: NodeJS.ProcessEnv, vsix: string): number {
  const copy = path.join(run.runDir, path.basename(vsix)); // a private copy: another process may be re-packaging
  copyFileSync(vsix, copy);
  const t = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      codeServerEntry,
      '--user-data-dir',
      run.userDataDir,
      '--extensions-dir',
      run.extensionsDir,
      '--install-extension',
      copy,
    ],
    {
      cwd: run.runDir,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const ms = Date.now() - t;
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/.test(out)) {
    throw new Error(`installing ${copy} into code-server failed (exit ${result.status ?? result.signal}):\n${out}`);
  }
  return ms;
}

export class CodeServer {
  readonly logs: RunLogs;
  private exited: string | undefined;

  private constructor(
    child: ChildProcess,
    readonly group: ProcessGroup,
    readonly started: number,
    run: RunFolder,
  ) {
    this.logs = new RunLogs(run.userDataDir, run.serverLogPath);
    child.unref();
    child.on('exit', (code, signal) => {
      this.exited = `code-server exited (${code ?? signal})`;
    });
    child.on('error', (err) => {
      this.exited = `code-server could not start: ${err.message}`;
    });
  }

  /** Spawns code-server for this run, detached (setsid: its own process group), its output into the run's log. */
  static start(run: RunFolder, env: NodeJS.ProcessEnv): CodeServer {
    const logFd = openSync(run.serverLogPath, 'a');
    const started = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(
        process.execPath,
        [
          codeServerEntry,
          '--bind-addr',
          '127.0.0.1:0',
          '--auth',
          'none',
          '--user-data-dir',
          run.userDataDir,
          '--extensions-dir',
          run.extensionsDir,
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          run.workspaceFolder,
        ],
        { cwd: run.runDir, env, detached: true, stdio: ['ignore', logFd, logFd] },
      );
    } finally {
      closeSync(logFd);
    }
    if (child.pid === undefined) throw new Error('could not spawn code-server');
    return new CodeServer(child, new ProcessGroup(child.pid, 'code-server'), started, run);
  }

  /** Waits for the "HTTP server listening" line and returns its URL, ending in '/'. Fails at once if code-server died. */
  async listening(timeoutMs: number): Promise<string> {
    const listening = await waitFor(
      'code-server to listen',
      () => {
        this.throwIfExited();
        return /HTTP server listening on (http:\/\/[^\s]+)/.exec(this.logs.serverLog())?.[1];
      },
      timeoutMs,
      undefined,
      100,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- code-server output ---\n${this.logs.serverLogTail()}`);
    });
    return listening.endsWith('/') ? listening : `${listening}/`;
  }

  /** Waits for the first 200 from /healthz. */
  async healthy(baseUrl: string, timeoutMs: number): Promise<void> {
    await waitFor(
      '/healthz',
      async () => {
        this.throwIfExited();
        const res = await fetch(`${baseUrl}healthz`);
        return res.ok ? true : undefined;
      },
      timeoutMs,
      undefined,
      100,
    );
  }

  /** Kills the whole process group (code-server, its extension hosts and whatever they started). */
  stop(): Promise<void> {
    return this.group.stop();
  }

  private throwIfExited(): void {
    if (this.exited !== undefined) throw new FatalError(this.exited);
  }
}
