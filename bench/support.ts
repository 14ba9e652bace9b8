// Helpers shared by the bench files: medians, the client's processes and memory, generated lab topologies.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InventoryService } from '../src/app/inventory/inventoryService';
import type { ConnectionEntry } from '../src/core/connections/connectionEntry';
import { getInventory } from '../src/core/inventory/operations/getInventory';
import type { HostRunner } from '../src/contract/hostRunner';
import type { Lab } from '../test/support/lab';

const repo = join(__dirname, '..');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** argv[0] and the rest, as /proc/<pid>/cmdline has them */
  readonly command: string;
}

/** Every process below `root` (children, their children, …). */
export function descendants(root: number): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ').trim();
      all.push({ pid: Number(d), ppid, command });
    } catch {
      // gone meanwhile
    }
  }
  const below = new Set<number>([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid));
}

/** Resident memory of one process, in KiB (0 when it is gone). */
export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Proportional memory of one process, in KiB (0 when it is gone): its own pages plus its share of the pages it shares.
 * Summed over processes it is the memory they really take; RSS counts a library 50 ssh processes share 50 times.
 */
/** CPU ticks (1/100 s) used so far by the given processes. */
export function cpuTicks(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

export function pssKb(pid: number): number {
  try {
    const m = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** A generated topology (lab/bin/make-topology): standalone hosts with VMs, optionally checkpoints on every VM. */
export function syntheticTopology(options: { hosts: number; vmsPerHost: number; checkpointsPerVm?: number }): object {
  mkdirSync(join(repo, 'bench', '.work'), { recursive: true });
  const file = join(repo, 'bench', '.work', `topology-${options.hosts}x${options.vmsPerHost}.json`);
  execFileSync('node', [
    join(repo, 'lab', 'bin', 'make-topology'),
    '--hosts',
    String(options.hosts),
    '--vms-per-host',
    String(options.vmsPerHost),
    '--out',
    file,
  ]);
  const topology = JSON.parse(readFileSync(file, 'utf8')) as { vms: { checkpoints?: unknown[] }[] };
  const per = options.checkpointsPerVm ?? 0;
  if (per > 0) {
    topology.vms.forEach((vm, i) => {
      vm.checkpoints = Array.from({ length: per }, (_, k) => ({
        name: `cp-${k + 1}`,
        creationTime: new Date(Date.UTC(2026, 9, 1, 8, i % 60, k)).toISOString(),
      }));
    });
  }
  return topology;
}

/** The product's inventory service over every host of a lab, each an SSH entry of its own, without passwords. */
export function labInventory(lab: Lab, runner: HostRunner): { service: InventoryService; entries: ConnectionEntry[] } {
  const entries: ConnectionEntry[] = lab.hosts.map((h) => ({
    name: h.name,
    kind: 'host',
    transport: 'ssh',
    address: h.address,
    port: h.port,
    userName: h.userName,
    keyFilePath: h.keyFilePath,
  }));
  const service = new InventoryService({
    runner: () => runner,
    connections: () => entries,
    credentials: { get: () => Promise.resolve(undefined), renew: () => Promise.resolve(undefined) },
    operation: getInventory,
    timeoutMs: () => 600_000,
  });
  return { service, entries };
}
