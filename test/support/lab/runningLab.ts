// A lab that is up: its hosts as lab.json lists them, the lab commands against it, and its own pwsh on its state.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConnection } from '../../../src/contract/hostRunner';
import type { Lab, LabCluster, LabFaultType, LabHost, LabHostProcess, PwshOptions } from './api';
import { releaseBlock } from './blocks';
import { runCli } from './cli';
import { REPO } from './paths';
import { PwshRunner } from './pwshRunner';
import { addLabHosts, ensureClientWrapper, removeLabHosts } from './sshClient';

interface Manifest {
  dir: string;
  hosts: (LabHost & { pidFile: string })[];
  clusters: (LabCluster & { pidFile: string })[];
  sshConfig: string;
}

const faultTypes: readonly LabFaultType[] = [
  'NetworkDrop',
  'DiskFull',
  'AuthFailure',
  'ProcessorIncompatible',
  'Banner',
  'PlannedVmLeftover',
  'MalformedJson',
];

/** Every process below `root` in `ps`'s table, now. */
function processesBelow(root: number): LabHostProcess[] {
  const all = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid));
}

export interface RunningLabParts {
  readonly dir: string;
  readonly block: string;
  /** The folder was made for this lab: stop() removes it (unless HVLAB_KEEP). */
  readonly ownDir: boolean;
  /** Called by stop(): the lab no longer needs taking down on exit. */
  readonly forgetOnExit: () => void;
}

export class RunningLab implements Lab {
  readonly dir: string;
  readonly block: string;
  readonly hosts: readonly LabHost[];
  readonly clusters: readonly LabCluster[];
  readonly sshConfigPath: string;
  readonly clientEnv: NodeJS.ProcessEnv;
  private readonly manifest: Manifest;
  private readonly runner: PwshRunner;
  private stopped = false;

  /** Reads the lab.json `lab up` wrote into `parts.dir` and makes its hosts reachable by name from this process. */
  constructor(private readonly parts: RunningLabParts) {
    ({ dir: this.dir, block: this.block } = parts);
    this.manifest = JSON.parse(readFileSync(join(this.dir, 'lab.json'), 'utf8')) as Manifest;
    const clientBin = ensureClientWrapper();
    addLabHosts(this.block, this.manifest.sshConfig);
    this.hosts = this.manifest.hosts.map(({ name, address, port, userName, keyFilePath }) => ({
      name,
      address,
      port,
      userName,
      keyFilePath,
    }));
    this.clusters = this.manifest.clusters.map(({ name, address, port, userName, keyFilePath, nodes }) => ({
      name,
      address,
      port,
      userName,
      keyFilePath,
      nodes,
    }));
    this.sshConfigPath = this.manifest.sshConfig;
    this.clientEnv = {
      ...process.env,
      PATH: `${clientBin}:${(process.env.PATH ?? '')
        .split(':')
        .filter((p) => p !== clientBin)
        .join(':')}`,
    };
    this.runner = new PwshRunner({
      ...process.env,
      HVLAB_DIR: this.dir,
      HVLAB_STATE: join(this.dir, 'state'),
      PSModulePath: join(REPO, 'lab', 'modules'),
      POWERSHELL_TELEMETRY_OPTOUT: '1',
      POWERSHELL_UPDATECHECK: 'Off',
      TERM: 'dumb',
    });
  }

  connectionFor(name: string): HostConnection {
    const h = this.hostByName(name);
    return {
      name: h.name,
      transport: 'ssh',
      address: h.address,
      port: h.port,
      userName: h.userName,
      keyFilePath: h.keyFilePath,
    };
  }

  async stopHost(name: string): Promise<void> {
    const h = this.hostByName(name);
    await runCli(this.dir, ['host', 'stop', h.name], { HVLAB_SKIP_STATE: '1' });
    await this.runner.run(`Set-LabHostDown -Name '${h.name}' -Down:$true`);
  }

  async hangHost(name: string): Promise<void> {
    await runCli(this.dir, ['host', 'hang', this.hostByName(name).name]);
  }

  async startHost(name: string): Promise<void> {
    const h = this.hostByName(name);
    await this.runner.run(`Set-LabHostDown -Name '${h.name}' -Down:$false`);
    await runCli(this.dir, ['host', 'start', h.name], { HVLAB_SKIP_STATE: '1' });
  }

  hostProcesses(name: string): LabHostProcess[] {
    const h = this.manifest.hosts.find((x) => x.name === this.hostByName(name).name);
    if (!h) throw new Error(`${name} is not a host of this lab`);
    let root: number;
    try {
      root = Number(readFileSync(h.pidFile, 'utf8').trim());
    } catch {
      return [];
    }
    return processesBelow(root);
  }

  async setLatency(ms: number, host?: string): Promise<void> {
    if (!Number.isInteger(ms) || ms < 0) throw new Error(`latency ${ms}: expected milliseconds`);
    await this.runner.run(
      host
        ? `Set-LabLatency -HostName '${this.hostByName(host).name}' -Milliseconds ${ms}`
        : `Set-LabLatency -Milliseconds ${ms}`,
    );
  }

  async addFault(type: LabFaultType, opts: { host?: string; atPercent?: number; text?: string } = {}): Promise<void> {
    if (!faultTypes.includes(type)) throw new Error(`fault type ${type}`);
    let cmd = `Add-LabFault -Type ${type}`;
    if (opts.host) cmd += ` -HostName '${this.hostByName(opts.host).name}'`;
    if (opts.atPercent !== undefined) {
      if (!Number.isFinite(opts.atPercent) || opts.atPercent < 0 || opts.atPercent > 100)
        throw new Error('atPercent: 0..100');
      cmd += ` -AtPercent ${opts.atPercent}`;
    }
    // The text travels base64-encoded: it is a value, never code.
    if (opts.text !== undefined)
      cmd += ` -Text ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from(opts.text, 'utf8').toString('base64')}')))`;
    await this.runner.run(`${cmd} | Out-Null`);
  }

  async clearFaults(): Promise<void> {
    await this.runner.run('Clear-LabFault | Out-Null');
  }

  pwsh<T = unknown>(command: string, opts?: PwshOptions): Promise<T> {
    if (opts?.host) this.hostByName(opts.host);
    return this.runner.run<T>(command, opts);
  }

  cli(...cliArgs: string[]): Promise<string> {
    return runCli(this.dir, cliArgs);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.runner.stop();
    try {
      await runCli(this.dir, ['down']);
    } finally {
      this.parts.forgetOnExit();
      removeLabHosts(this.block);
      releaseBlock(this.block);
      if (this.parts.ownDir && !process.env.HVLAB_KEEP) rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private hostByName(name: string): LabHost {
    const h =
      this.manifest.hosts.find((x) => x.name.toUpperCase() === name.toUpperCase()) ??
      this.manifest.clusters.find((c) => c.name.toUpperCase() === name.toUpperCase());
    if (!h) throw new Error(`no host ${name} in this lab (${this.manifest.hosts.map((x) => x.name).join(', ')})`);
    return h;
  }
}
