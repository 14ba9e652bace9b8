import type { HostInventory, VmInfo } from '../../inventory/inventory';
import { formatBytes } from '../../format/units';
import { listText } from '../../format/words';
import { freeMemoryBytes } from '../topology';
import { nameKey, sameId, sameName } from '../../names';
import type { HostPlacementFacts, PlacementFactsAnswer } from './placementFacts';
import { diskBytes, type FilesGo } from './placementTarget';

/**
 * The rules a placement rating is made of, one function per reason, each with the words a user reads. A reason is
 * good, a warning (the move may work, at a cost or with a question), unsuitable (the move cannot work as things stand)
 * or unknown (the fact could not be read: the rating says so instead of guessing).
 */
export type ReasonSeverity = 'good' | 'warning' | 'unsuitable' | 'unknown';
export type ReasonTopic = 'memory' | 'cpu' | 'space' | 'migration' | 'switches' | 'processor' | 'version';

export interface PlacementReason {
  readonly topic: ReasonTopic;
  readonly severity: ReasonSeverity;
  readonly text: string;
  /** This reason's share of the score, 0–1 (memory, CPU and space weigh by how much is left). */
  readonly fit?: number;
}

/** What every rule reads: the VMs, the candidate, what the same plan already gave it, and the round's answers. */
export interface ReasonInput {
  readonly vms: readonly VmInfo[];
  readonly candidate: HostInventory;
  readonly filesGo: FilesGo;
  /** Memory and disk bytes earlier assignments of the same plan already gave this candidate. */
  readonly assigned: { readonly memoryBytes: number; readonly diskBytes: number };
  /** This candidate's answer; undefined when no round ran (inventory alone). */
  readonly facts?: PlacementFactsAnswer;
  /** The answer of the host each VM is on (its processor and compatibility mode). */
  readonly sourceFacts: (host: string) => PlacementFactsAnswer | undefined;
}

/** A running (or paused) VM takes its assigned memory; one that is off, saved or paused needs its startup memory to run. */
const live = (vm: VmInfo): boolean => vm.state === 'Running' || vm.state === 'Paused';
/** A VM with processor state (running, paused, saved) cares about the destination's processor. */
const hasProcessorState = (vm: VmInfo): boolean => live(vm) || vm.state === 'Saved';
const memoryNeed = (vm: VmInfo): number =>
  live(vm) ? vm.memoryAssignedBytes : (vm.memoryStartupBytes ?? vm.memoryAssignedBytes);
const whose = (vms: readonly VmInfo[]): string => (vms.length === 1 ? vms[0]!.name : 'the VMs');

/** "couldn't read: <reason>" when the round ran and this host did not answer; undefined when it answered. */
function unread(answer: PlacementFactsAnswer | undefined): string | undefined {
  if (!answer) return 'not asked';
  return answer.ok ? undefined : `couldn't read: ${answer.reason}`;
}
const factsOf = (a: PlacementFactsAnswer | undefined): HostPlacementFacts | undefined => (a?.ok ? a.facts : undefined);

export function memoryReason(i: ReasonInput): PlacementReason {
  const capacity = i.candidate.host.memoryCapacityBytes ?? 0;
  const free = freeMemoryBytes(i.candidate) - i.assigned.memoryBytes;
  const need = i.vms.reduce((s, vm) => s + memoryNeed(vm), 0);
  const after = free - need;
  const earlier = i.assigned.memoryBytes > 0 ? ' (after the VMs this plan already sends there)' : '';
  if (capacity <= 0) return { topic: 'memory', severity: 'unknown', text: 'Memory: the host did not report its size' };
  if (after < 0) {
    const running = i.vms.some(live);
    return {
      topic: 'memory',
      severity: running ? 'unsuitable' : 'warning',
      text: `Not enough memory: ${whose(i.vms)} ${running ? 'needs' : 'will need'} ${formatBytes(need)}, ${formatBytes(Math.max(0, free))} free${earlier}`,
      fit: 0,
    };
  }
  const share = after / capacity;
  return {
    topic: 'memory',
    severity: share < 0.1 ? 'warning' : 'good',
    text: `${formatBytes(after)} memory free after the move (${Math.round(share * 100)} %)${earlier}`,
    fit: share,
  };
}

export function cpuReason(i: ReasonInput): PlacementReason {
  const why = unread(i.facts);
  const load = factsOf(i.facts)?.processor?.loadPercent;
  if (why || load === undefined) {
    const f = factsOf(i.facts);
    const reason = why ?? `couldn't read: ${f?.processorError ?? 'the host reported no processor load'}`;
    return { topic: 'cpu', severity: 'unknown', text: `CPU load: ${reason}`, fit: 0.5 };
  }
  const pct = Math.round(load);
  return {
    topic: 'cpu',
    severity: pct >= 90 ? 'warning' : 'good',
    text: pct >= 90 ? `CPU busy: ${pct} % load` : `CPU load ${pct} %`,
    fit: Math.max(0, 1 - pct / 100),
  };
}

export function spaceReason(i: ReasonInput): PlacementReason {
  if (i.filesGo.kind === 'stay')
    return {
      topic: 'space',
      severity: 'good',
      text: `Files stay where they are (${i.candidate.host.name} reaches them)`,
      fit: 1,
    };
  const why = unread(i.facts);
  const where = i.filesGo.kind === 'folder' ? i.filesGo.path : 'its default folder';
  if (why) return { topic: 'space', severity: 'unknown', text: `Free space in ${where}: ${why}`, fit: 0.5 };
  const space = factsOf(i.facts)!.space;
  const s = i.filesGo.kind === 'folder' ? space.find((x) => sameName(x.path, where)) : space[0];
  if (s?.volumeMissing)
    return {
      topic: 'space',
      severity: 'unsuitable',
      text: `${i.candidate.host.name} has no volume for ${where}`,
      fit: 0,
    };
  if (s?.freeBytes === undefined)
    return {
      topic: 'space',
      severity: 'unknown',
      text: `Free space in ${where}: couldn't read (a share tells no host)`,
      fit: 0.5,
    };
  const need = i.vms.reduce((sum, vm) => sum + diskBytes(vm), 0) + i.assigned.diskBytes;
  const after = s.freeBytes - need;
  const on = s.root ?? where;
  if (after < 0)
    return {
      topic: 'space',
      severity: 'unsuitable',
      text: `Not enough space on ${on}: ${formatBytes(need)} of disks, ${formatBytes(s.freeBytes)} free`,
      fit: 0,
    };
  const share = after / s.freeBytes;
  return {
    topic: 'space',
    severity: share < 0.1 ? 'warning' : 'good',
    text: `${formatBytes(after)} free on ${on} after the disks (${formatBytes(need)})`,
    fit: share,
  };
}

export function migrationReason(i: ReasonInput): PlacementReason {
  const name = i.candidate.host.name;
  if (i.candidate.host.migrationEnabled === false)
    return { topic: 'migration', severity: 'unsuitable', text: `Live migration is off on ${name}` };
  if (i.candidate.host.migrationEnabled === undefined)
    return { topic: 'migration', severity: 'unknown', text: `Live migration on ${name}: not reported` };
  return { topic: 'migration', severity: 'good', text: 'Live migration on' };
}

export function switchReason(i: ReasonInput): PlacementReason {
  const have = new Set(i.candidate.switches.map((s) => nameKey(s.name)));
  const wanted = [...new Set(i.vms.flatMap((vm) => vm.adapters.flatMap((a) => (a.switchName ? [a.switchName] : []))))];
  const missing = wanted.filter((s) => !have.has(nameKey(s)));
  if (wanted.length === 0) return { topic: 'switches', severity: 'good', text: 'No network adapter to connect' };
  if (missing.length === 0)
    return { topic: 'switches', severity: 'good', text: `Has switch ${listText(wanted.map((s) => `'${s}'`))}` };
  return {
    topic: 'switches',
    severity: 'warning',
    text: `No switch ${listText(missing.map((s) => `'${s}'`))}: the adapters need another switch there`,
  };
}

export function processorReason(i: ReasonInput): PlacementReason {
  const withState = i.vms.filter(hasProcessorState);
  if (withState.length === 0)
    return { topic: 'processor', severity: 'good', text: 'Off: the processor does not matter' };
  const why = unread(i.facts);
  const here = factsOf(i.facts)?.processor;
  if (why || !here?.vendor)
    return {
      topic: 'processor',
      severity: 'unknown',
      text: `Processor: ${why ?? `couldn't read: ${factsOf(i.facts)?.processorError ?? 'no vendor reported'}`}`,
    };
  for (const vm of withState) {
    const src = factsOf(i.sourceFacts(vm.host));
    const there = src?.processor;
    if (!there?.vendor)
      return {
        topic: 'processor',
        severity: 'unknown',
        text: `Processor of ${vm.host}: ${unread(i.sourceFacts(vm.host)) ?? "couldn't read"}`,
      };
    if (!sameName(here.vendor, there.vendor))
      return {
        topic: 'processor',
        severity: 'unsuitable',
        text: `Processor vendor differs (${here.vendor}, ${there.vendor} on ${vm.host}): ${vm.name} cannot move while it runs`,
      };
    const compat = src?.vms.find((v) => sameId(v.id, vm.id))?.compatibilityForMigration;
    if (here.name && there.name && !sameName(here.name, there.name) && compat !== true)
      return {
        topic: 'processor',
        severity: 'warning',
        text: `Another processor model than ${vm.host}'s, and ${vm.name} has processor compatibility ${compat === false ? 'off' : 'unknown'}: Hyper-V may refuse`,
      };
  }
  return { topic: 'processor', severity: 'good', text: 'Processor compatible' };
}

export function versionReason(i: ReasonInput): PlacementReason {
  const versions = [...new Set(i.vms.flatMap((vm) => (vm.version ? [vm.version] : [])))];
  if (versions.length === 0)
    return { topic: 'version', severity: 'unknown', text: 'Configuration version: not reported' };
  const why = unread(i.facts);
  const supported = factsOf(i.facts)?.supportedVersions ?? [];
  if (why || supported.length === 0)
    return { topic: 'version', severity: 'unknown', text: `Configuration version: ${why ?? "couldn't read"}` };
  const no = versions.filter((v) => !supported.includes(v));
  const sorted = [...supported].sort((a, b) => parseFloat(a) - parseFloat(b));
  if (no.length)
    return {
      topic: 'version',
      severity: 'unsuitable',
      text: `Runs configuration versions ${sorted[0]}–${sorted[sorted.length - 1]}, not ${listText(no)}`,
    };
  return { topic: 'version', severity: 'good', text: `Runs configuration version ${listText(versions)}` };
}

/** Every rule, in the order a list shows reasons of the same severity (what is left first, the formalities last). */
export const placementRules: readonly ((i: ReasonInput) => PlacementReason)[] = [
  memoryReason,
  cpuReason,
  spaceReason,
  processorReason,
  versionReason,
  switchReason,
  migrationReason,
];
