// A persistent local pwsh for lab.pwsh(): one process per lab, commands queued, each answer one marked JSON line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { PwshOptions } from './api';
import { PWSH } from './paths';

const MARK = '@@HVLAB@@';

const RUNNER_PRELUDE = [
  "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'",
  'Import-Module LabCore, Hyper-V, FailoverClusters -ErrorAction SilentlyContinue -WarningAction SilentlyContinue',
  'function __hvlab([string]$b64, [string]$hostName, [int]$depth) {' +
    ' $env:HVLAB_HOST = $hostName; $r = [ordered]@{};' +
    ' try { $sb = [scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b64)));' +
    " $ErrorActionPreference = 'Stop'; $out = @(& $sb); $r.ok = $true;" +
    ' $r.value = if ($out.Count -eq 0) { $null } elseif ($out.Count -eq 1) { $out[0] } else { ,$out } }' +
    ' catch { $r.ok = $false; $r.error = "$($_.Exception.Message)"; $r.errorId = "$($_.FullyQualifiedErrorId)" }' +
    ' try { $j = ConvertTo-Json -InputObject $r -Depth $depth -Compress -EnumsAsStrings -WarningAction SilentlyContinue }' +
    ' catch { $j = ConvertTo-Json -InputObject @{ ok = $false; error = "result not convertible to JSON: $($_.Exception.Message)" } -Compress }' +
    ` [Console]::Out.WriteLine('${MARK}' + $j) }`,
  '',
].join('\n');

export class PwshRunner {
  private proc: ChildProcessWithoutNullStreams | undefined;
  private buffer = '';
  private stderr = '';
  private waiting: ((line: string | Error) => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  run<T>(command: string, options: PwshOptions = {}): Promise<T> {
    const next = this.queue.then(() => this.runNow<T>(command, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private start(): ChildProcessWithoutNullStreams {
    const proc = spawn(PWSH, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '-'], {
      env: this.env,
      stdio: 'pipe',
    });
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const at = line.indexOf(MARK);
        if (at >= 0 && this.waiting) {
          const w = this.waiting;
          this.waiting = undefined;
          w(line.slice(at + MARK.length));
        }
      }
    });
    proc.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    proc.on('exit', (code) => {
      this.proc = undefined;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(new Error(`lab pwsh exited (${code}): ${this.stderr}`));
      }
    });
    proc.stdin.write(RUNNER_PRELUDE);
    return proc;
  }

  private async runNow<T>(command: string, options: PwshOptions): Promise<T> {
    this.proc ??= this.start();
    const b64 = Buffer.from(command, 'utf8').toString('base64');
    const host = options.host ?? '';
    if (!/^[A-Za-z0-9-]*$/.test(host)) throw new Error(`invalid host name ${host}`);
    const line = await new Promise<string | Error>((resolveLine) => {
      this.waiting = resolveLine;
      this.proc!.stdin.write(`__hvlab '${b64}' '${host}' ${options.depth ?? 4}\n`);
    });
    if (line instanceof Error) throw line;
    const result = JSON.parse(line) as { ok: boolean; value?: T; error?: string; errorId?: string };
    if (!result.ok) {
      const err = new Error(`lab pwsh: ${result.error}`) as Error & { fullyQualifiedErrorId?: string };
      err.fullyQualifiedErrorId = result.errorId;
      throw err;
    }
    return (result.value ?? null) as T;
  }

  stop(): void {
    if (this.proc) {
      this.proc.stdin.end();
      this.proc.kill();
      this.proc = undefined;
    }
  }
}
