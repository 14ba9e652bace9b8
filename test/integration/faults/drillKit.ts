// What the fault drills share: the lab (one for the suite), a runner the drills can pause or break before a given
// script, services built as the product builds them (a reload = the same window's id), and the lab's own view of
// the truth to check every drill's end against.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { MigrationService, type MigrationServiceDeps } from '../../../src/app/migration/migrationService';
import { isFinal, type MigrationJob, type MoveRequest } from '../../../src/core/migration/model';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostRunner, HostTarget, RunOptions } from '../../../src/contract/hostRunner';
import { createPowerShellEngine, type PowerShellEngine } from '../../../src/engine';
import { PWSH } from '../../support/lab';
import { startMigrationLab, type MigrationLab } from '../migration/harness';

/** DRILL_TRACE=1 prints every request and the service's log lines with the time, to read a slow drill. */
export function trace(line: string): void {
  if (process.env.DRILL_TRACE) process.stdout.write(`        ${new Date().toISOString().slice(11, 23)} ${line}\n`);
}

type Hook = (op: HostOperation<unknown>, targets: readonly HostTarget[]) => Promise<void> | void;

/** A hook's condition: the request is about this VM (by its Id parameter). */
export function aboutVm(vmId: string, also: () => boolean = () => true): (op: HostOperation<unknown>) => boolean {
  return (op) => {
    const v = op.parameters.VmId;
    return typeof v === 'string' && v.toLowerCase() === vmId.toLowerCase() && also();
  };
}

/**
 * The real engine with hooks: a drill says "before the next request of this script (when this holds), do that" —
 * pause it, dispose the service that sent it, kill the local PowerShell while it is on its way.
 */
export class HookedRunner implements HostRunner {
  private hooks: { script: string; when: (op: HostOperation<unknown>) => boolean; fn: Hook }[] = [];

  constructor(private readonly inner: () => HostRunner) {}

  before(script: string, fn: Hook, when: (op: HostOperation<unknown>) => boolean = () => true): void {
    this.hooks.push({ script, when, fn });
  }

  clear(): void {
    this.hooks = [];
  }

  async run<R>(op: HostOperation<R>, targets: readonly HostTarget[], options?: RunOptions): Promise<HostResult<R>[]> {
    const i = this.hooks.findIndex((h) => h.script === op.script.name && h.when(op));
    if (i >= 0) {
      const [h] = this.hooks.splice(i, 1);
      await h!.fn(op, targets);
    }
    const t0 = Date.now();
    const r = await this.inner().run(op, targets, options);
    trace(
      `${op.script.name} → ${targets.map((t) => t.connection.name).join(',')}: ${r.map((x) => (x.ok ? 'ok' : x.error.kind)).join(',')} (${Date.now() - t0} ms)`,
    );
    return r;
  }

  async runOne<R>(op: HostOperation<R>, target: HostTarget, options?: RunOptions): Promise<R> {
    const [r] = await this.run(op, [target], options);
    if (!r!.ok) throw new Error(r!.error.message);
    return r!.value;
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Expected {
  readonly status: MigrationJob['status'];
  readonly host: string;
  readonly clustered: boolean;
  /** The cluster role's name at the end, when it is one. */
  readonly group?: string;
  /** Every moving cmdlet the hosts received for this VM, in order ("Move-VM@HV-A"). */
  readonly calls: readonly string[];
}

export interface Drills {
  readonly m: MigrationLab;
  readonly runner: HookedRunner;
  /** The engine the product uses now (a settings change replaces it). */
  engine(): PowerShellEngine;
  replaceEngine(): Promise<void>;
  /** Kills the local PowerShells (kill -9), as a crash would. */
  killPwsh(): void;
  /** A service as a window builds it; `window` names the window (its reload keeps the name). */
  service(history: MemoryHistoryStore, window?: string, extra?: Partial<MigrationServiceDeps>): MigrationService;
  request(vm: string, destination: MoveRequest['destination'], storage?: MoveRequest['storage']): Promise<MoveRequest>;
  /** Resolves when the job reaches the state (or throws after `ms`). */
  until(s: MigrationService, id: string, ok: (j: MigrationJob) => boolean, ms?: number): Promise<MigrationJob>;
  /** The lab's truth for the VM matches the expectation, and the job's end says the same. */
  check(job: MigrationJob, vm: string, expected: Expected): Promise<void>;
  /** Stops (SIGSTOP) or lets go on (SIGCONT) a lab host's sshd: it accepts connections and never answers. */
  freeze(host: string, frozen: boolean): void;
  /** Kills the ssh sessions open to a host (its sshd stays): a management network drop. */
  dropSessions(host: string): void;
  stop(): Promise<void>;
}

export const settings: Partial<MigrationServiceDeps> = {
  pollIntervalMs: 500,
  minPollIntervalMs: 100,
  timeoutMs: 60_000,
  timings: { settleMs: 6000, retryMs: 1000, follower: { invisibleMs: 10_000, unreachableMs: 20_000 } },
};

export async function startDrills(): Promise<Drills> {
  const m = await startMigrationLab(resolve(__dirname, 'topologies', 'faults.json'));
  let current = m.engine;
  const engines: PowerShellEngine[] = [];
  const runner = new HookedRunner(() => current);
  const services: MigrationService[] = [];
  const sshdPid = (host: string): number =>
    Number(readFileSync(join(m.lab.dir, 'hosts', host, 'sshd.pid'), 'utf8').trim());
  return {
    m,
    runner,
    engine: () => current,
    replaceEngine: async () => {
      const old = current;
      current = createPowerShellEngine({ powershellPath: PWSH });
      engines.push(current);
      await old.dispose();
    },
    killPwsh: () => {
      // Both local PowerShells: the default lane's and the urgent one's (polls, cancels). A lane idle since an earlier
      // kill still names its dead process (it learns of the death on its next request): nothing to kill there.
      for (const lane of ['default', 'urgent'] as const) {
        const pid = current.processId(lane);
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
        }
      }
    },
    service: (history, window = 'window-1', extra = {}) => {
      const log = {
        info: (l: string) => trace(`[${window}] ${l}`),
        error: (l: string) => trace(`[${window}] ERROR ${l}`),
      };
      const s = new MigrationService({
        ownerId: window,
        runner: () => runner,
        target: m.target,
        topology: m.topology,
        history,
        log,
        ...settings,
        ...extra,
      });
      services.push(s);
      return s;
    },
    request: (vm, destination, storage) => {
      // The inventory read when the lab came up: each drill moves its own VMs, once.
      const v = m.vm(vm);
      return Promise.resolve({ vm: { id: v.id, name: v.name, host: v.host }, destination, storage });
    },
    until: (s, id, ok, ms = 120_000) =>
      new Promise((resolveJob, reject) => {
        const now = s.job(id);
        if (now && ok(now)) return resolveJob(now);
        const timer = setTimeout(() => {
          sub.dispose();
          reject(
            new Error(
              `job ${s.job(id)?.vm.name ?? id} is ${s.job(id)?.status} after ${ms} ms: ${s.job(id)?.waiting ?? s.job(id)?.error ?? ''}`,
            ),
          );
        }, ms);
        const sub = s.onDidChange((j) => {
          if (j.id === id && ok(j)) {
            clearTimeout(timer);
            sub.dispose();
            resolveJob(j);
          }
        });
      }),
    check: async (job, vm, expected) => {
      assert.ok(isFinal(job.status), `${vm} ended (${job.status})`);
      const truth = await m.labVm(vm);
      const count = await m.labCount(vm);
      const calls = await m.labCalls(vm);
      const group = await m.labGroup(vm);
      const text = `${vm}: job ${job.status} (${job.error ?? ''}); lab: on ${truth.host}, ${truth.state}, clustered ${truth.clustered}, role '${group}', calls ${calls.join(' ')}`;
      assert.equal(count, 1, `${text}: the VM exactly once`);
      assert.equal(truth.state, 'Running', `${text}: in the state it had`);
      assert.equal(truth.host, expected.host, text);
      assert.equal(truth.clustered, expected.clustered, text);
      if (expected.group !== undefined) assert.equal(group, expected.group, text);
      assert.deepEqual(calls, expected.calls, `${text}: nothing sent twice`);
      assert.equal(job.status, expected.status, text);
      if (job.finalLocation)
        assert.equal(
          job.finalLocation.host.toLowerCase(),
          truth.host.toLowerCase(),
          `${text}: the job says where the VM is`,
        );
      assert.doesNotMatch(job.error ?? '', /cannot take/, `${text}: no illegal transition`);
    },
    freeze: (host, frozen) => {
      // The listener and every session under it: cached sessions go silent too.
      for (const pid of [sshdPid(host), ...descendants(sshdPid(host))])
        process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT');
    },
    dropSessions: (host) => {
      for (const pid of children(sshdPid(host))) process.kill(pid, 'SIGKILL');
    },
    stop: async () => {
      for (const s of services) s.dispose();
      for (const e of engines) await e.dispose();
      await m.stop();
    },
  };
}

function children(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((x) => Number(x.trim()))
      .filter((x) => x > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function descendants(pid: number): number[] {
  return children(pid).flatMap((c) => [c, ...descendants(c)]);
}

/** A job of this service for this VM has reached the state. */
export function statusIs(...statuses: MigrationJob['status'][]): (j: MigrationJob) => boolean {
  return (j) => statuses.includes(j.status);
}
