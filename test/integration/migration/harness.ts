// Shared set-up of the migration integration tests: a lab from a topology file, the real engine over SSH, the
// inventory of every lab host as the rules' topology, and MigrationServices wired to them.
import { resolve } from 'node:path';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { MigrationService, type MigrationServiceDeps } from '../../../src/app/migration/migrationService';
import type { MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import { planMove } from '../../../src/core/migration/rules';
import type { MigrationTopology } from '../../../src/core/migration/topology';
import type { HostInventory, VmInfo } from '../../../src/core/inventory/inventory';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import type { HostTarget } from '../../../src/contract/hostRunner';
import { createPowerShellEngine, type PowerShellEngine } from '../../../src/engine';
import { PWSH, startLab, type Lab } from '../../support/lab';

export const topologyFile = (name: string): string => resolve(__dirname, 'topologies', `${name}.json`);

export interface LabVm {
  host: string;
  state: string;
  clustered: boolean;
  disks: string[];
}

export interface MigrationLab {
  readonly lab: Lab;
  readonly engine: PowerShellEngine;
  readonly hosts: readonly string[];
  readonly topology: () => MigrationTopology;
  readonly refresh: () => Promise<MigrationTopology>;
  readonly target: (host: string) => Promise<HostTarget>;
  service(extra?: Partial<MigrationServiceDeps>): MigrationService;
  vm(name: string): VmInfo;
  plan(request: MoveRequest): MigrationPlan;
  /** Where the lab's own state says a VM is: the test's independent view of the truth. */
  labVm(name: string): Promise<LabVm>;
  /** How many VMs with this name the whole lab holds (a duplicate would be 2). */
  labCount(name: string): Promise<number>;
  /** The moving cmdlets the hosts received for this VM, in order ("Move-VM@HV-A", …). */
  labCalls(name: string): Promise<string[]>;
  /** Hosts holding a planned VM of this VM that a failed move left behind. */
  labPlanned(name: string): Promise<string[]>;
  /** The cluster role's name of this VM, or '' when it is not one. */
  labGroup(name: string): Promise<string>;
  stop(): Promise<void>;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** `topology`: a name in ./topologies, or a path to a topology file. */
export async function startMigrationLab(topology: string): Promise<MigrationLab> {
  const lab = await startLab({ topology: topology.endsWith('.json') ? topology : topologyFile(topology) });
  const savedPath = process.env.PATH;
  // Cluster names and nodes are reached by name, as in a domain.
  process.env.PATH = lab.clientEnv.PATH;
  const engine = createPowerShellEngine({ powershellPath: PWSH });
  const clusterNames = new Set(lab.clusters.map((c) => c.name));
  const hosts = lab.hosts.map((h) => h.name).filter((n) => !clusterNames.has(n));
  const target = (host: string): Promise<HostTarget> => Promise.resolve({ connection: lab.connectionFor(host) });
  let current: MigrationTopology = { hosts: [] };
  const refresh = async (): Promise<MigrationTopology> => {
    const targets = await Promise.all(hosts.map(target));
    const results = await engine.run(getInventory(), targets, { timeoutMs: 600_000 });
    const inv: HostInventory[] = [];
    for (const r of results) {
      if (!r.ok) throw new Error(`inventory of ${r.host}: ${r.error.message}`);
      inv.push(r.value);
    }
    current = { hosts: inv };
    return current;
  };
  await refresh();
  const services: MigrationService[] = [];
  return {
    lab,
    engine,
    hosts,
    topology: () => current,
    refresh,
    target,
    service: (extra = {}) => {
      const s = new MigrationService({
        runner: () => engine,
        target,
        topology: () => current,
        history: new MemoryHistoryStore(),
        pollIntervalMs: 500,
        minPollIntervalMs: 100,
        timeoutMs: 120_000,
        ...extra,
      });
      services.push(s);
      return s;
    },
    vm: (name) => {
      for (const h of current.hosts) {
        const v = h.vms.find((x) => x.name === name);
        if (v) return v;
      }
      throw new Error(`no VM ${name} in the inventory`);
    },
    plan: (request) => {
      const p = planMove(request, current);
      if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
      return p.plan;
    },
    labVm: (name) =>
      lab.pwsh<LabVm>(
        `$v = Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Name -eq ${quote(name)} }; [pscustomobject]@{ host = $v.Host; state = [string]$v.State; clustered = [bool]$v.Clustered; disks = @($v.Disks | ForEach-Object { $_.Path }) }`,
      ),
    labCount: (name) =>
      lab.pwsh<number>(
        `@(Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Name -eq ${quote(name)} }).Count`,
      ),
    labCalls: async (name) =>
      (
        await lab.pwsh<string[] | string | null>(
          `@(Get-LabCall | Where-Object { $_.VMName -eq ${quote(name)} } | ForEach-Object { "$($_.Cmdlet)@$($_.Host)" }) -join ','`,
        )
      )
        ?.toString()
        .split(',')
        .filter(Boolean) ?? [],
    labPlanned: async (name) =>
      (
        await lab.pwsh<string | null>(
          `@(Get-LabPlannedVm | Where-Object { $_.VMName -eq ${quote(name)} } | ForEach-Object { $_.Host }) -join ','`,
        )
      )
        ?.toString()
        .split(',')
        .filter(Boolean) ?? [],
    labGroup: async (name) =>
      (await lab.pwsh<string | null>(
        `[string](Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Name -eq ${quote(name)} }).ClusterGroupName`,
      )) ?? '',
    stop: async () => {
      for (const s of services) s.dispose();
      process.env.PATH = savedPath;
      await engine.dispose();
      await lab.stop();
    },
  };
}
