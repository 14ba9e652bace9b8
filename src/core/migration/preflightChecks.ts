import { crossHost, type DestinationFacts, type AnsweredFacts } from './preflightFacts';
import { adaptersWithMissingSwitch } from './preflightSwitches';
import type { PreflightFix, PreflightItem } from './preflight';
import { gb } from './preflightSpace';
import { nameKey } from '../names';
import { isLiveConnectionRefusal } from './liveRefusal';
import { movesWithoutLiveConnection } from './planSteps';

/**
 * The checks of a preflight, one function each: every one reads the facts both hosts reported and returns its
 * findings (none when all is well). evaluatePreflight (preflight.ts) lists them in the order the report shows.
 * The longer authentication and switch checks have files of their own (preflightAuthentication.ts,
 * preflightSwitches.ts).
 */

export function hasError<T extends object>(x: T | { readonly error: string }): x is { readonly error: string } {
  return !('host' in x);
}

/** A host that could not be read: the report stops there, the other checks need both hosts' facts. */
export function checkAnswered(host: string, facts: object | { readonly error: string }): PreflightItem[] {
  if (!hasError(facts)) return [];
  return [{ check: 'hostUnreachable', severity: 'error', host, title: `${host} did not answer`, reason: facts.error }];
}

export function checkAlreadyMigrating({ plan, src }: AnsweredFacts): PreflightItem[] {
  if (src.runningJobs.length === 0) return [];
  return [
    {
      check: 'alreadyMigrating',
      severity: 'error',
      host: plan.sourceHost,
      title: `${src.vm.name} is already being migrated`,
      reason: 'A migration of this VM is still running on the source host; wait for it to end or cancel it.',
    },
  ];
}

export function checkMigrationEnabled(f: AnsweredFacts): PreflightItem[] {
  if (!crossHost(f)) return [];
  const hosts = [
    [f.plan.sourceHost, f.src.host.migrationEnabled],
    [f.plan.destinationHost, f.dst.host.migrationEnabled],
  ] as const;
  return hosts
    .filter(([, enabled]) => !enabled)
    .map(([name]): PreflightItem => ({
      check: 'migrationDisabled',
      severity: 'error',
      host: name,
      title: `Live migration is off on ${name}`,
      reason: 'Both hosts must allow incoming and outgoing live migrations.',
      fix: { kind: 'enableMigration', host: name },
    }));
}

/** Does the destination run the VM's configuration version (or is there nothing to compare)? */
function versionSupported(f: AnsweredFacts): boolean {
  const { src, dst } = f;
  if (!crossHost(f) || !src.vm.version) return true;
  return dst.supportedVersions.length === 0 || dst.supportedVersions.includes(src.vm.version);
}

export function checkConfigurationVersion(f: AnsweredFacts): PreflightItem[] {
  if (versionSupported(f)) return [];
  const { src, dst } = f;
  const dstName = f.plan.destinationHost;
  return [
    {
      check: 'configurationVersion',
      severity: 'error',
      host: dstName,
      title: `${dstName} does not run configuration version ${src.vm.version}`,
      reason: `${src.vm.name} has configuration version ${src.vm.version}; ${dstName} supports ${dst.supportedVersions.join(', ')}. A VM can move to a newer host, not back to an older one.`,
      fix: { kind: 'manual', text: 'Choose a destination running the same or a newer Windows Server.' },
    },
  ];
}

/**
 * Compare-VM's findings, less those the switch and version checks already said in their own words; a clustered VM
 * Compare-VM cannot check is said so.
 */
export function checkCompatibility(f: AnsweredFacts): PreflightItem[] {
  const { plan, src } = f;
  const dstName = plan.destinationHost;
  if (!src.compare.ran) {
    if (plan.kind !== 'clusterToCluster' && plan.kind !== 'clusterToStandalone') return [];
    return [
      {
        check: 'compareSkipped',
        severity: 'info',
        title: 'Compare-VM cannot check a VM that is still a cluster role',
        reason:
          'Hyper-V refuses a storage compatibility check for a clustered VM; switches, configuration version, space and settings were checked here instead, and if the move fails the role is put back where it was.',
      },
    ];
  }
  const items: PreflightItem[] = [];
  if (src.compare.error && movesWithoutLiveConnection(plan) && isLiveConnectionRefusal(src.compare.error)) {
    items.push({
      check: 'compareSkipped',
      severity: 'info',
      title: 'Compare-VM could not reach the destination over a live migration connection',
      reason: `A quick migration does not use that connection; switches, configuration version and memory were checked here instead. (${src.compare.error})`,
    });
  } else if (src.compare.error) {
    items.push({
      check: 'compatibility',
      severity: 'error',
      host: plan.sourceHost,
      title: 'Compare-VM failed',
      reason: src.compare.error,
    });
  }
  const flaggedSwitches = new Set(adaptersWithMissingSwitch(f).map((a) => nameKey(a.switchName)));
  const versionOk = versionSupported(f);
  for (const inc of src.compare.incompatibilities) {
    if (
      inc.messageId === 33012 &&
      (inc.switchName === undefined || flaggedSwitches.has(nameKey(inc.switchName)) || flaggedSwitches.size > 0)
    )
      continue;
    if (!versionOk && /configuration version/i.test(inc.message)) continue;
    items.push({
      check: 'compatibility',
      severity: 'error',
      host: dstName,
      messageId: inc.messageId,
      title: `Not compatible with ${dstName}`,
      reason: inc.message,
      fix: compatibilityFix(inc.message),
    });
  }
  return items;
}

function compatibilityFix(message: string): PreflightFix | undefined {
  if (/processor/i.test(message)) {
    return {
      kind: 'manual',
      text: 'Turn the VM off and enable processor compatibility (Set-VMProcessor -CompatibilityForMigrationEnabled $true), or choose a host with the same processor family.',
    };
  }
  if (/space/i.test(message)) return { kind: 'manual', text: 'Choose another destination folder or free space there.' };
  return undefined;
}

export function checkSameVmId(f: AnsweredFacts): PreflightItem[] {
  const { plan, src, dst } = f;
  if (!crossHost(f) || !dst.sameVm || plan.kind === 'clustered') return [];
  const dstName = plan.destinationHost;
  return [
    {
      check: 'sameVmId',
      severity: 'error',
      host: dstName,
      title: `A VM with the same Id is already on ${dstName}`,
      reason: `'${dst.sameVm.name}' (${dst.sameVm.state}) on ${dstName} has Id ${src.vm.id}; a host cannot hold two VMs with one Id.`,
      fix: {
        kind: 'manual',
        text: `Find out which copy is current; remove the stale one from ${dstName} (nothing is removed automatically).`,
      },
    },
  ];
}

export function checkPlannedVm(f: AnsweredFacts): PreflightItem[] {
  const { plan, src, dst } = f;
  if (!crossHost(f) || plan.kind === 'clustered') return [];
  if (!dst.plannedVm || dst.sameVm || src.runningJobs.length !== 0) return [];
  const dstName = plan.destinationHost;
  return [
    {
      check: 'plannedVm',
      severity: 'error',
      host: dstName,
      title: `A planned VM of ${src.vm.name} is left on ${dstName}`,
      reason: `An earlier move of ${src.vm.name} that did not finish left its planned VM (Hyper-V's half-made copy, not shown by Get-VM) on ${dstName}; a new move there fails until it is removed. The VM itself is on ${plan.sourceHost}.`,
      fix: { kind: 'removePlannedVm', host: dstName, vmId: src.vm.id, vmName: src.vm.name },
    },
  ];
}

export function checkPassThroughDisks({ plan, src }: AnsweredFacts): PreflightItem[] {
  return src.vm.disks
    .filter((x) => x.passThrough)
    .map((d): PreflightItem => ({
      check: 'passThroughDisk',
      severity: plan.kind === 'clustered' ? 'warning' : 'error',
      host: plan.sourceHost,
      title: `Pass-through disk${d.diskNumber !== undefined ? ` ${d.diskNumber}` : ''}`,
      reason:
        plan.kind === 'clustered'
          ? 'A pass-through disk moves only if it is a cluster disk every node reaches.'
          : 'A physical disk attached to the VM cannot travel with a live migration.',
      fix: { kind: 'manual', text: 'Detach the pass-through disk or convert it to a VHDX first.' },
    }));
}

/** Memory a move takes at its destination: a running VM's, when it changes host; nothing otherwise. */
export function memoryNeedOf(f: AnsweredFacts): number {
  return crossHost(f) && f.src.vm.state === 'Running' ? f.src.vm.memoryAssignedBytes || f.src.vm.memoryStartupBytes : 0;
}

/** Memory free at the destination: capacity less what its VMs have assigned (may be below zero when overcommitted). */
export function freeMemoryOf(dst: DestinationFacts): number {
  return dst.host.memoryCapacityBytes - dst.host.memoryAssignedBytes;
}

export function checkMemory(f: AnsweredFacts): PreflightItem[] {
  const { plan, src, dst } = f;
  if (!crossHost(f) || src.vm.state !== 'Running') return [];
  const need = memoryNeedOf(f);
  const free = freeMemoryOf(dst);
  const dstName = plan.destinationHost;
  if (!(dst.host.memoryCapacityBytes > 0 && need > free)) return [];
  return [
    {
      check: 'memory',
      severity: 'warning',
      host: dstName,
      title: `${dstName} may be short of memory`,
      reason: `${src.vm.name} uses ${gb(need)}; about ${gb(Math.max(0, free))} is free on ${dstName}.`,
    },
  ];
}
