// Scripted hosts behind a HostRunner for the executor's unit tests: Move-VM jobs that take a fixed time on a fake
// clock, cluster roles with names, planned VMs, node drains, and faults a test sets per script — an answer lost after
// the host did the work (timeout, transport, process), a clean refusal, a request held until the test lets it go,
// a host that does not answer. Every request is recorded, so a test can count what was sent.
import type { HostMigrationJob } from '../../../src/core/migration/operations/pollMigrations';
import type { HostOperation } from '../../../src/contract/hostOperation';
import { HostError, type HostErrorKind, type HostResult, type HostTarget } from '../../../src/contract/hostRunner';
import type { FakeClock } from './fakeClock';
import { FakeRunner } from './fakeRunner';

export interface FakeVm {
  id: string;
  name: string;
  host: string;
  state: string;
  disks: string[];
  clustered: boolean;
  group?: string;
}

interface Move {
  job: HostMigrationJob & { startMs: number };
  source: string;
  destination: string;
  failAt?: number;
  disks?: string[];
}

/** What happens to the next request of a script (once, unless `times`). */
export interface Rule {
  readonly script: string;
  /** Only for this host. */
  readonly host?: string;
  /** Waits before the host acts (a request on its way). */
  readonly hold?: Promise<void>;
  /** The host acts, but the answer is lost with this kind (timeout, process, cancelled, unreachable). */
  readonly lose?: HostErrorKind;
  /** The host refuses cleanly (kind 'command'); nothing happens there. */
  readonly refuse?: string;
  /** The host acts but no answer ever comes (the process that asked has died: a reload, a crash). */
  readonly vanish?: boolean;
  times?: number;
}

export class FakeHosts extends FakeRunner {
  readonly vms = new Map<string, FakeVm>();
  readonly moves: Move[] = [];
  readonly requests: { script: string; host: string; parameters: Record<string, unknown> }[] = [];
  /** `${host}|${vmId}`: planned VMs failed moves left. */
  readonly planned = new Set<string>();
  /** Cluster nodes' state and drain status (answered by migration-poll with IncludeClusterNodes). */
  readonly nodes = new Map<string, { state: string; drainStatus: string }>();
  /** Hosts that do not answer (unreachable). */
  readonly down = new Set<string>();
  /** VM id → percent at which its next move fails (a network drop). */
  readonly failAt = new Map<string, number>();
  /** Moves to these hosts that fail or are cancelled leave their planned VM there. */
  readonly leavePlanned = new Set<string>();
  /** What a source host resolves a destination name to (lower case name → the host as this fake names it). */
  readonly dns = new Map<string, string>();
  /** Most moves running at once from each source host. */
  readonly peak = new Map<string, number>();
  private rules: Rule[] = [];
  private seq = 0;

  constructor(
    private readonly clock: FakeClock,
    private readonly durationMs = 10_000,
  ) {
    super();
  }

  add(vm: FakeVm): void {
    this.vms.set(vm.id.toLowerCase(), vm);
  }

  /** A move of this VM that already ended on `source` (its job lingers there), the VM now on `destination`. */
  ended(vmId: string, source: string, destination: string, disks?: readonly string[]): string {
    const vm = this.vms.get(vmId.toLowerCase())!;
    if (disks) vm.disks = [...disks];
    const m = this.newJob(vm, source, destination, {});
    m.job = {
      ...m.job,
      jobState: 7,
      percent: 100,
      startTime: new Date(this.clock.now() - this.durationMs).toISOString(),
    };
    vm.host = destination;
    return m.job.instanceId;
  }

  rule(r: Rule): void {
    this.rules.push({ ...r, times: r.times ?? 1 });
  }

  count(script: string, vmId?: string): number {
    return this.requests.filter(
      (r) =>
        r.script === script && (vmId === undefined || String(r.parameters.VmId).toLowerCase() === vmId.toLowerCase()),
    ).length;
  }

  private advance(): void {
    const now = this.clock.now();
    for (const m of this.moves) {
      if (m.job.jobState !== 4) continue;
      const elapsed = now - m.job.startMs;
      const pct = Math.floor((elapsed / this.durationMs) * 100);
      if (m.failAt !== undefined && pct >= m.failAt) {
        m.job = {
          ...m.job,
          jobState: 10,
          percent: m.failAt,
          errorDescription: `Migration of ${m.job.vmId} failed: the connection was forcibly closed (0x80072746).`,
        };
        this.left(m);
      } else if (elapsed >= this.durationMs) {
        m.job = { ...m.job, jobState: 7, percent: 100 };
        const vm = this.vms.get(m.job.vmId)!;
        vm.host = m.destination;
        if (m.disks) vm.disks = m.disks;
      } else {
        m.job = { ...m.job, percent: pct, elapsedSeconds: elapsed / 1000 };
      }
    }
  }

  private left(m: Move): void {
    if (this.leavePlanned.has(m.destination)) this.planned.add(`${m.destination}|${m.job.vmId}`);
  }

  private vm(p: Record<string, unknown>): FakeVm | undefined {
    return this.vms.get(String(p.VmId).toLowerCase());
  }

  private answer(script: string, host: string, p: Record<string, unknown>): unknown {
    this.advance();
    const vm = this.vm(p);
    switch (script) {
      case 'migration-start-move.ps1': {
        if (!vm || vm.host !== host) throw new HostError({ host, script, kind: 'command', message: 'not here' });
        if (this.moves.some((m) => m.job.vmId === vm.id.toLowerCase() && m.job.jobState === 4)) {
          throw new HostError({
            host,
            script,
            kind: 'command',
            message: `A migration of '${vm.name}' is already in progress.`,
            fullyQualifiedErrorId: 'ObjectInUse',
          });
        }
        if (this.planned.has(`${String(p.DestinationHost)}|${vm.id.toLowerCase()}`)) {
          const job = this.newJob(vm, host, String(p.DestinationHost), p);
          job.job = {
            ...job.job,
            jobState: 10,
            errorDescription:
              'Failed to create Planned Virtual Machine at migration destination: The object already exists. (0x80071392)',
          };
          return { requestedAt: this.iso(), hostJobId: job.job.instanceId };
        }
        // The source resolves the name it is told (its DNS): the job keeps that name, the VM goes where it leads.
        const told = String(p.DestinationHost);
        const m = this.newJob(vm, host, this.dns.get(told.toLowerCase()) ?? told, p);
        m.job = { ...m.job, destinationHost: told };
        return { hostJobId: m.job.instanceId, requestedAt: this.iso() };
      }
      case 'migration-poll.ps1': {
        const nodes = p.IncludeClusterNodes
          ? [...this.nodes].map(([name, n]) => ({ name, state: n.state, drainStatus: n.drainStatus }))
          : null;
        return { now: this.iso(), jobs: this.moves.filter((m) => m.source === host).map((m) => m.job), nodes };
      }
      case 'migration-locate-vm.ps1': {
        const plannedVm = p.IncludePlanned ? this.planned.has(`${host}|${String(p.VmId).toLowerCase()}`) : null;
        if (!vm || vm.host !== host) return { host, found: false, plannedVm };
        return {
          host,
          found: true,
          name: vm.name,
          state: vm.state,
          isClustered: vm.clustered,
          groupName: vm.group ?? null,
          diskPaths: vm.disks,
          operationalStatus: ['Ok'],
          plannedVm,
        };
      }
      case 'migration-cancel.ps1': {
        const m = this.moves.find((x) => x.job.vmId === String(p.VmId).toLowerCase() && x.job.jobState === 4);
        if (!m) return { found: false };
        m.job = { ...m.job, jobState: 8, errorDescription: 'The operation was canceled by the user.' };
        this.left(m);
        return { found: true, returnValue: 0, jobState: 4 };
      }
      case 'cluster-remove-role.ps1': {
        if (!vm || !vm.clustered)
          throw new HostError({
            host,
            script,
            kind: 'command',
            message: `The cluster group '${String(p.VmId)}' was not found in the cluster configuration.`,
          });
        const name = vm.group;
        vm.clustered = false;
        vm.group = undefined;
        return { groupName: name, ownerNode: host, vmState: vm.state, isClustered: false };
      }
      case 'cluster-add-role.ps1': {
        if (!vm || vm.host !== host) throw new HostError({ host, script, kind: 'command', message: 'not on any node' });
        if (!vm.clustered) {
          vm.clustered = true;
          vm.group = typeof p.RoleName === 'string' ? p.RoleName : vm.name;
        }
        return { groupName: vm.group, ownerNode: host, state: 'Online', cluster: 'CLU' };
      }
      case 'cluster-suspend-node.ps1': {
        const n = this.nodes.get(String(p.Node)) ?? { state: 'Up', drainStatus: 'NotInitiated' };
        n.state = 'Paused';
        n.drainStatus = 'InProgress';
        this.nodes.set(String(p.Node), n);
        return { name: String(p.Node), state: n.state, drainStatus: n.drainStatus };
      }
      case 'migration-remove-planned-vm.ps1': {
        const key = `${host}|${String(p.VmId).toLowerCase()}`;
        const found = this.planned.delete(key);
        return { found, removed: found, returnValue: found ? 0 : null };
      }
      default:
        throw new Error(`unexpected ${script}`);
    }
  }

  private newJob(vm: FakeVm, host: string, destination: string, p: Record<string, unknown>): Move {
    const leaf = (path: string): string => path.split('\\').pop() ?? path;
    const disks = Array.isArray(p.Vhds)
      ? (p.Vhds as { destination: string }[]).map((d) => d.destination)
      : typeof p.DestinationStoragePath === 'string'
        ? vm.disks.map((d) => `${String(p.DestinationStoragePath)}\\${leaf(d)}`)
        : undefined;
    const m: Move = {
      disks,
      job: {
        instanceId: `JOB-${++this.seq}`,
        vmId: vm.id.toLowerCase(),
        jobType: 306,
        migrationType: 32771,
        jobState: 4,
        percent: 0,
        errorCode: 0,
        startTime: this.iso(),
        startMs: this.clock.now(),
        destinationHost: destination,
      },
      source: host,
      destination,
      failAt: this.failAt.get(vm.id.toLowerCase()),
    };
    this.moves.push(m);
    this.peak.set(
      host,
      Math.max(this.peak.get(host) ?? 0, this.moves.filter((x) => x.source === host && x.job.jobState === 4).length),
    );
    return m;
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private async one<R>(op: HostOperation<R>, t: HostTarget): Promise<HostResult<R>> {
    const host = t.connection.name;
    const script = op.script.name;
    const parameters = { ...op.parameters, ...(t.parameters ?? {}) } as Record<string, unknown>;
    this.requests.push({ script, host, parameters });
    const rule = this.rules.find(
      (r) => r.script === script && (r.host === undefined || r.host === host) && (r.times ?? 0) > 0,
    );
    if (rule) rule.times = (rule.times ?? 1) - 1;
    if (rule?.hold) await rule.hold;
    const fail = (kind: HostErrorKind, message: string): HostResult<R> => ({
      host,
      ok: false,
      durationMs: 1,
      error: { host, script, kind, message },
    });
    if (this.down.has(host)) return fail('unreachable', `${host} refused the connection`);
    if (rule?.refuse) return fail('command', rule.refuse);
    try {
      const value = op.parse(JSON.parse(JSON.stringify(this.answer(script, host, parameters))));
      if (rule?.vanish) return await new Promise<never>(() => undefined);
      if (rule?.lose) return fail(rule.lose, `The answer from ${host} was lost (${rule.lose}).`);
      return { host, ok: true, value, durationMs: 1 };
    } catch (e) {
      if (e instanceof HostError) return { host, ok: false, durationMs: 1, error: e.info };
      throw e;
    }
  }

  run<R>(op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    return Promise.all(targets.map((t) => this.one(op, t)));
  }
}

/** A promise the test resolves when it likes. */
export function gate(): { readonly promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
