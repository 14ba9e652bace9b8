// Test fixture: brings up a simulated Hyper-V lab (one sshd per host, pwsh as its `powershell` subsystem) through
// lab/bin/lab, in its own scratch folder and its own 127.X.Y.0/24 block, so labs in parallel test files never meet.
//
//   const lab = await startLab({ topology: 'demo' });            // or a path, or a topology object
//   const conn = lab.connectionFor('HV-EAST');                    // HostConnection for the engine
//   await lab.pwsh<string>('(Get-VM -Name web-01).ComputerName', { host: 'HV-EAST' });
//   await lab.stopHost('HV-WEST'); await lab.startHost('HV-WEST');
//   await lab.stop();
//
// Names: after the first startLab, this process's PATH starts with a folder holding an `ssh` wrapper whose config
// includes every running lab's host blocks, so `New-PSSession -HostName HV-EAST` from a pwsh started by this process
// (the engine's, a test's) reaches the lab host by name. With two labs of the same topology in one process, a name
// reaches the lab started first; use connectionFor (addresses) when that matters.
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { HostConnection } from '../../src/contract/hostRunner';

export const REPO = resolve(__dirname, '..', '..');
export const PWSH = join(REPO, '.tools', 'pwsh');
const LAB_CLI = join(REPO, 'lab', 'bin', 'lab');

export interface LabOptions {
  /** 'demo' (a name in lab/topologies), a path to a topology file, or a topology object. */
  topology: string | object;
  /** Scratch folder (created; default a new folder under the system temp folder, removed by stop()). */
  dir?: string;
  /** Lab-wide latency of every lab command, in ms. */
  latencyMs?: number;
}

export interface LabHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly userName: string;
  readonly keyFilePath: string;
}

export interface LabCluster extends LabHost {
  readonly nodes: readonly string[];
}

export type LabFaultType = 'NetworkDrop' | 'DiskFull' | 'AuthFailure' | 'ProcessorIncompatible' | 'Banner' | 'PlannedVmLeftover' | 'MalformedJson';

/** A process below a lab host's sshd: a connection's sshd, its `powershell` subsystem (pwsh -sshs), ... */
export interface LabHostProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string;
}

export interface PwshOptions {
  /** Run as this lab host ($env:HVLAB_HOST), so Get-VM etc. answer with that host's view. Default: none. */
  host?: string;
  /** ConvertTo-Json depth of the result (default 4). Project what you need: live objects are deep. */
  depth?: number;
}

export interface Lab {
  readonly dir: string;
  /** The loopback block, e.g. '127.83.17' (hosts are 127.83.17.N). */
  readonly block: string;
  readonly hosts: readonly LabHost[];
  /** Cluster access points (the cluster name lands on the first node that is up). */
  readonly clusters: readonly LabCluster[];
  /** ssh -F this file reaches every host by name. */
  readonly sshConfigPath: string;
  /** Environment for a child process that should reach lab hosts by name (PATH with the lab's ssh wrapper). */
  readonly clientEnv: NodeJS.ProcessEnv;
  connectionFor(name: string): HostConnection;
  stopHost(name: string): Promise<void>;
  /** Freezes the host's sshd and sessions (SIGSTOP): it accepts connections and never answers. startHost thaws it. */
  hangHost(name: string): Promise<void>;
  startHost(name: string): Promise<void>;
  /** Every process below the host's listening sshd (its connections and their subsystems), now. */
  hostProcesses(name: string): LabHostProcess[];
  setLatency(ms: number, host?: string): Promise<void>;
  /**
   * Banner: `text` is the host's sshd banner (default: a forged answer line of the engine's dispatcher), printed by ssh
   * clients at LogLevel INFO (connectionFor's clients use the lab's ERROR unless given sshOptions { LogLevel: 'INFO' }).
   */
  addFault(type: LabFaultType, options?: { host?: string; atPercent?: number; text?: string }): Promise<void>;
  clearFaults(): Promise<void>;
  /**
   * Runs PowerShell here against the lab state (LabCore, Hyper-V, FailoverClusters imported,
   * $ErrorActionPreference = 'Stop'). Resolves with the output converted through JSON (enums as strings):
   * no output → null, one object → that object, several → an array. Rejects with the error message on failure.
   */
  pwsh<T = unknown>(command: string, options?: PwshOptions): Promise<T>;
  /** Runs a bash lab command (`lab <args>`) against this lab; resolves with its stdout. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// loopback blocks: one 127.X.Y.0/24 per lab, reserved machine-wide with a lock folder (mkdir is atomic)

const BLOCKS = join(tmpdir(), 'hvlab-blocks');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function reserveBlock(dir: string): string {
  mkdirSync(BLOCKS, { recursive: true });
  // 127.64.0 – 127.127.255: away from 127.0.0.x (the default lab and the machine's own loopback uses)
  const total = 64 * 256;
  const start = Math.floor(Math.random() * total);
  for (let i = 0; i < total; i++) {
    const n = (start + i) % total;
    const block = `127.${64 + Math.floor(n / 256)}.${n % 256}`;
    const lock = join(BLOCKS, block);
    try {
      mkdirSync(lock);
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being created */
      }
      if (Number.isInteger(owner) && !pidAlive(owner)) reclaimBlock(lock);
      continue;
    }
    writeFileSync(join(lock, 'dir'), dir);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return block;
  }
  throw new Error('no free loopback block');
}

/** A block whose test process died without lab.stop(): stop that lab's sshds (by their pid files), then free it. */
function reclaimBlock(lock: string): void {
  try {
    const dir = readFileSync(join(lock, 'dir'), 'utf8');
    if (existsSync(join(dir, 'hosts'))) execFileSync('bash', [LAB_CLI, '--dir', dir, 'down'], { stdio: 'ignore', env: { ...process.env, HVLAB_QUIET: '1' } });
  } catch {
    /* nothing recorded or already down */
  }
  rmSync(lock, { recursive: true, force: true });
}

function releaseBlock(block: string): void {
  rmSync(join(BLOCKS, block), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------------
// per-process ssh wrapper: Include of every running lab's ssh_config

// A fresh folder of this process (mkdtemp): a predictable name could hold a stale wrapper and lab configs left by an
// old run under a reused pid, or one planted by another user. Removed on exit.
const CLIENT = mkdtempSync(join(tmpdir(), 'hvlab-client-'));

function ensureClientWrapper(): string {
  const bin = join(CLIENT, 'bin');
  if (!existsSync(join(bin, 'ssh'))) {
    mkdirSync(bin, { recursive: true });
    mkdirSync(join(CLIENT, 'labs'), { recursive: true });
    writeFileSync(
      join(CLIENT, 'ssh_config'),
      [
        `Include ${join(CLIENT, 'labs')}/*.conf`,
        'Host 127.*',
        '  StrictHostKeyChecking no',
        '  UserKnownHostsFile /dev/null',
        '  GlobalKnownHostsFile /dev/null',
        '  BatchMode yes',
        '  LogLevel ERROR',
        '',
      ].join('\n'),
    );
    writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${join(CLIENT, 'ssh_config')}' "$@"\n`, { mode: 0o755 });
  }
  const path = process.env.PATH ?? '';
  if (!path.split(':').includes(bin)) process.env.PATH = `${bin}:${path}`;
  return bin;
}

// ---------------------------------------------------------------------------------------------------------------
// a persistent local pwsh for lab.pwsh()

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

class PwshRunner {
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
    const proc = spawn(PWSH, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '-'], { env: this.env, stdio: 'pipe' });
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

// ---------------------------------------------------------------------------------------------------------------

interface Manifest {
  dir: string;
  hosts: (LabHost & { pidFile: string })[];
  clusters: (LabCluster & { pidFile: string })[];
  sshConfig: string;
  bin: string;
}

const running = new Set<{ dir: string; block: string; own: boolean }>();
// Ctrl-C or a killed test run (timeout): stop the labs first; a forgotten lab.stop() is covered by 'exit'.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}
process.on('exit', () => {
  // mocha --exit: do not leave sshds behind when a test forgot lab.stop()
  for (const l of running) {
    try {
      execFileSync('bash', [LAB_CLI, '--dir', l.dir, 'down'], { stdio: 'ignore', env: { ...process.env, HVLAB_QUIET: '1' } });
    } catch {
      /* best effort */
    }
    releaseBlock(l.block);
    if (l.own && !process.env.HVLAB_KEEP) rmSync(l.dir, { recursive: true, force: true });
  }
  rmSync(CLIENT, { recursive: true, force: true });
});

function runCli(dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(
      'bash',
      [LAB_CLI, '--dir', dir, ...args],
      { env: { ...process.env, HVLAB_QUIET: '1', ...extraEnv }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`lab ${args.join(' ')} failed: ${stderr || error.message}`));
        else resolveRun(stdout);
      },
    );
  });
}

function topologyPath(topology: string | object, dir: string): string {
  if (typeof topology !== 'string') {
    const file = join(dir, 'topology.input.json');
    writeFileSync(file, JSON.stringify(topology, null, 2));
    return file;
  }
  if (/^[A-Za-z0-9._-]+$/.test(topology) && !topology.endsWith('.json')) return join(REPO, 'lab', 'topologies', `${topology}.json`);
  return isAbsolute(topology) ? topology : resolve(REPO, topology);
}

export async function startLab(options: LabOptions): Promise<Lab> {
  const ownDir = options.dir === undefined;
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), 'hvlab-')));
  mkdirSync(dir, { recursive: true });
  const block = reserveBlock(dir);
  const record = { dir, block, own: ownDir };
  running.add(record);
  const args = ['up', '--topology', topologyPath(options.topology, dir), '--block', block];
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
  try {
    await runCli(dir, args);
  } catch (e) {
    running.delete(record);
    await runCli(dir, ['down']).catch(() => undefined);
    releaseBlock(block);
    throw e;
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as Manifest;
  const clientBin = ensureClientWrapper();
  const confName = `${block}.conf`;
  copyFileSync(manifest.sshConfig, join(CLIENT, 'labs', confName));

  const labEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HVLAB_DIR: dir,
    HVLAB_STATE: join(dir, 'state'),
    PSModulePath: join(REPO, 'lab', 'modules'),
    POWERSHELL_TELEMETRY_OPTOUT: '1',
    POWERSHELL_UPDATECHECK: 'Off',
    TERM: 'dumb',
  };
  const runner = new PwshRunner(labEnv);
  const hostNames = new Map(manifest.hosts.map((h) => [h.name.toUpperCase(), h]));
  const hostByName = (name: string) => {
    const h = hostNames.get(name.toUpperCase()) ?? manifest.clusters.find((c) => c.name.toUpperCase() === name.toUpperCase());
    if (!h) throw new Error(`no host ${name} in this lab (${[...hostNames.values()].map((x) => x.name).join(', ')})`);
    return h;
  };
  let stopped = false;

  const lab: Lab = {
    dir,
    block,
    hosts: manifest.hosts.map(({ name, address, port, userName, keyFilePath }) => ({ name, address, port, userName, keyFilePath })),
    clusters: manifest.clusters.map(({ name, address, port, userName, keyFilePath, nodes }) => ({ name, address, port, userName, keyFilePath, nodes })),
    sshConfigPath: manifest.sshConfig,
    clientEnv: { ...process.env, PATH: `${clientBin}:${(process.env.PATH ?? '').split(':').filter((p) => p !== clientBin).join(':')}` },
    connectionFor(name) {
      const h = hostByName(name);
      return { name: h.name, transport: 'ssh', address: h.address, port: h.port, userName: h.userName, keyFilePath: h.keyFilePath };
    },
    async stopHost(name) {
      const h = hostByName(name);
      await runCli(dir, ['host', 'stop', h.name], { HVLAB_SKIP_STATE: '1' });
      await runner.run(`Set-LabHostDown -Name '${h.name}' -Down:$true`);
    },
    async hangHost(name) {
      await runCli(dir, ['host', 'hang', hostByName(name).name]);
    },
    async startHost(name) {
      const h = hostByName(name);
      await runner.run(`Set-LabHostDown -Name '${h.name}' -Down:$false`);
      await runCli(dir, ['host', 'start', h.name], { HVLAB_SKIP_STATE: '1' });
    },
    hostProcesses(name) {
      const h = manifest.hosts.find((x) => x.name === hostByName(name).name);
      if (!h) throw new Error(`${name} is not a host of this lab`);
      let root: number;
      try {
        root = Number(readFileSync(h.pidFile, 'utf8').trim());
      } catch {
        return [];
      }
      const all = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
      const below = new Set([root]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const p of all) {
          if (below.has(p.ppid) && !below.has(p.pid)) {
            below.add(p.pid);
            grew = true;
          }
        }
      }
      return all.filter((p) => p.pid !== root && below.has(p.pid));
    },
    async setLatency(ms, host) {
      if (!Number.isInteger(ms) || ms < 0) throw new Error(`latency ${ms}: expected milliseconds`);
      await runner.run(host ? `Set-LabLatency -HostName '${hostByName(host).name}' -Milliseconds ${ms}` : `Set-LabLatency -Milliseconds ${ms}`);
    },
    async addFault(type, opts = {}) {
      if (!['NetworkDrop', 'DiskFull', 'AuthFailure', 'ProcessorIncompatible', 'Banner', 'PlannedVmLeftover', 'MalformedJson'].includes(type)) throw new Error(`fault type ${type}`);
      let cmd = `Add-LabFault -Type ${type}`;
      if (opts.host) cmd += ` -HostName '${hostByName(opts.host).name}'`;
      if (opts.atPercent !== undefined) {
        if (!Number.isFinite(opts.atPercent) || opts.atPercent < 0 || opts.atPercent > 100) throw new Error('atPercent: 0..100');
        cmd += ` -AtPercent ${opts.atPercent}`;
      }
      // The text travels base64-encoded: it is a value, never code.
      if (opts.text !== undefined) cmd += ` -Text ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from(opts.text, 'utf8').toString('base64')}')))`;
      await runner.run(`${cmd} | Out-Null`);
    },
    async clearFaults() {
      await runner.run('Clear-LabFault | Out-Null');
    },
    pwsh(command, opts) {
      if (opts?.host) hostByName(opts.host);
      return runner.run(command, opts);
    },
    cli(...cliArgs) {
      return runCli(dir, cliArgs);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      runner.stop();
      try {
        await runCli(dir, ['down']);
      } finally {
        running.delete(record);
        rmSync(join(CLIENT, 'labs', confName), { force: true });
        releaseBlock(block);
        if (ownDir && !process.env.HVLAB_KEEP) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return lab;
}
