// A scripted stand-in for hosts behind a HostRunner: migrations take a fixed time on a fake clock, the VM moves when
// one completes. Enough to test the service's queue, polling and verification without PowerShell.
import type { HostMigrationJob } from '../../../src/core/migration/operations/pollMigrations';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostTarget } from '../../../src/contract/hostRunner';
import type { FakeClock } from './fakeClock';
import { FakeRunner } from './fakeRunner';

interface Move {
  job: HostMigrationJob & { startMs: number };
  source: string;
  destination: string;
  cancelled: boolean;
  disks?: string[];
}

export class FakeHyperV extends FakeRunner {
  /** VM id → host and state. */
  readonly vms = new Map<string, { host: string; state: string; disks: string[] }>();
  readonly moves: Move[] = [];
  /** Each request: its script and the hosts it went to. */
  readonly requests: { script: string; hosts: string[] }[] = [];
  /** Peak number of moves running at once per source host. */
  readonly peak = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly clock: FakeClock,
    private readonly durationMs = 10_000,
  ) {
    super();
  }

  private running(host: string): number {
    return this.moves.filter((m) => m.source === host && m.job.jobState === 4).length;
  }

  private advance(): void {
    const now = this.clock.now();
    for (const m of this.moves) {
      if (m.job.jobState !== 4) continue;
      const elapsed = now - m.job.startMs;
      if (elapsed >= this.durationMs) {
        m.job = { ...m.job, jobState: 7, percent: 100, elapsedSeconds: this.durationMs / 1000 };
        const vm = this.vms.get(m.job.vmId)!;
        vm.host = m.destination;
        if (m.disks) vm.disks = m.disks;
      } else {
        m.job = { ...m.job, percent: Math.floor((elapsed / this.durationMs) * 100), elapsedSeconds: elapsed / 1000 };
      }
    }
  }

  private answer(script: string, host: string, p: Record<string, unknown>): unknown {
    this.advance();
    switch (script) {
      case 'migration-start-move.ps1': {
        const id = `JOB-${++this.seq}`;
        const vmId = String(p.VmId);
        const job = {
          instanceId: id,
          vmId,
          jobType: 306,
          migrationType: 32771,
          jobState: 4,
          percent: 0,
          errorCode: 0,
          startTime: new Date(this.clock.now()).toISOString(),
          startMs: this.clock.now(),
          destinationHost: String(p.DestinationHost),
        };
        const vhds = (p.Vhds as { destination: string }[] | undefined)?.map((d) => d.destination);
        this.moves.push({ job, source: host, destination: String(p.DestinationHost), cancelled: false, disks: vhds });
        this.peak.set(host, Math.max(this.peak.get(host) ?? 0, this.running(host)));
        return { hostJobId: id, requestedAt: new Date(this.clock.now()).toISOString() };
      }
      case 'migration-poll.ps1':
        return {
          now: new Date(this.clock.now()).toISOString(),
          jobs: this.moves.filter((m) => m.source === host).map((m) => m.job),
        };
      case 'migration-locate-vm.ps1': {
        const vm = this.vms.get(String(p.VmId));
        if (!vm || vm.host !== host) return { host, found: false };
        return {
          host,
          found: true,
          name: 'vm',
          state: vm.state,
          isClustered: false,
          diskPaths: vm.disks,
          operationalStatus: ['Ok'],
        };
      }
      case 'migration-cancel.ps1': {
        const m = this.moves.find((x) => x.job.vmId === p.VmId && x.job.jobState === 4);
        if (!m) return { found: false };
        m.job = { ...m.job, jobState: 8, errorDescription: 'The operation was canceled by the user.' };
        return { found: true, returnValue: 0, jobState: 4 };
      }
      default:
        throw new Error(`unexpected ${script}`);
    }
  }

  run<R>(op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    this.requests.push({ script: op.script.name, hosts: targets.map((t) => t.connection.name) });
    return Promise.resolve(
      targets.map((t) => {
        const value = this.answer(op.script.name, t.connection.name, { ...op.parameters, ...(t.parameters ?? {}) });
        return {
          host: t.connection.name,
          ok: true as const,
          value: op.parse(JSON.parse(JSON.stringify(value))),
          durationMs: 1,
        };
      }),
    );
  }
}
