// Reading a run's logs: code-server's output, the extension host log of each window, the extension's output channel.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export class RunLogs {
  constructor(
    private readonly userDataDir: string,
    private readonly serverLogPath: string,
  ) {}

  /** code-server's own output so far. */
  serverLog(): string {
    return existsSync(this.serverLogPath) ? readFileSync(this.serverLogPath, 'utf8') : '';
  }

  /** The last `lines` lines of code-server's output, for error messages. */
  serverLogTail(lines = 30): string {
    return this.serverLog().split('\n').slice(-lines).join('\n');
  }

  /** The extension host log files of this run, oldest first (one per window load: exthost1, exthost2, …). */
  extensionHostLogFiles(): string[] {
    const logs = path.join(this.userDataDir, 'logs');
    if (!existsSync(logs)) return [];
    const files: string[] = [];
    for (const session of readdirSync(logs).sort()) {
      const sessionDir = path.join(logs, session);
      if (!statSync(sessionDir).isDirectory()) continue;
      const hosts = readdirSync(sessionDir)
        .filter((h) => /^exthost\d+$/.test(h))
        .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
      for (const host of hosts) {
        const file = path.join(sessionDir, host, 'remoteexthost.log');
        if (existsSync(file)) files.push(file);
      }
    }
    return files;
  }

  /** Text of the extension host logs of this run (all windows so far). */
  extensionHostLog(): string {
    return this.extensionHostLogFiles()
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  /** The log of the newest window's extension host (a reload starts a new one). */
  currentExtensionHostLog(): string {
    const file = this.extensionHostLogFiles().at(-1);
    return file === undefined ? '' : readFileSync(file, 'utf8');
  }

  /** How many extension hosts code-server has started so far (one per window load). */
  extensionHostsStarted(): number {
    return (this.extensionHostLog().match(/Extension host with pid \d+ started/g) ?? []).length;
  }

  /** Each window's output channel file (a LogOutputChannel writes <exthost>/<extension id>/<channel>.log). */
  productLog(): string {
    return this.extensionHostLogFiles()
      .map((f) => path.join(path.dirname(f), 'hyperv-mobility.hyperv-mobility', 'Hyper-V Mobility.log'))
      .filter((f) => existsSync(f))
      .map((f) => `==== ${path.relative(this.userDataDir, f)}\n${readFileSync(f, 'utf8')}`)
      .join('\n');
  }

  /** Copies the logs (and the page's errors, if any) into `dir` as artifacts. Best effort. */
  saveTo(dir: string, pageErrors: readonly string[]): void {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'code-server.log'), this.serverLog());
      writeFileSync(path.join(dir, 'exthost.log'), this.extensionHostLog());
      writeFileSync(path.join(dir, 'hyper-v-mobility.log'), this.productLog());
      if (pageErrors.length > 0) writeFileSync(path.join(dir, 'page-errors.log'), pageErrors.join('\n'));
    } catch {
      // artifacts are best effort
    }
  }
}
