import type { HostConnection } from '../../contract/hostRunner';
import type { MigrationPlan } from './model';
import { movingStep } from './planSteps';
import type { DestinationFacts, SourceFacts } from './preflightFacts';
import type { PreflightFix, PreflightItem } from './preflight';
import { formatMac } from '../inventory/tree/rowText';
import { switchFor } from './switchMap';
import { gb } from './preflightSpace';
import { nameKey, sameName } from '../names';

/**
 * The checks of a preflight, one function each: every one reads the facts both hosts reported and returns its
 * findings (none when all is well). evaluatePreflight (preflight.ts) lists them in the order the report shows.
 */

/** What every check reads: the plan and the facts of two hosts that answered. */
export interface PreflightFacts {
  readonly plan: MigrationPlan;
  readonly src: SourceFacts;
  readonly dst: DestinationFacts;
  /** How we reach the source host: CredSSP moves need a session that holds the user's credentials there. */
  readonly sourceConnection?: HostConnection;
  /** Does the plan write the VM's files to new places? */
  readonly movesStorage: boolean;
}

export function hasError<T extends object>(x: T | { readonly error: string }): x is { readonly error: string } {
  return !('host' in x);
}

/** A host that could not be read: the report stops there, the other checks need both hosts' facts. */
export function checkAnswered(host: string, facts: object | { readonly error: string }): PreflightItem[] {
  if (!hasError(facts)) return [];
  return [{ check: 'hostUnreachable', severity: 'error', host, title: `${host} did not answer`, reason: facts.error }];
}

/** Everything but a storage move within one host takes the VM to another host. */
const crossHost = (f: PreflightFacts): boolean => f.plan.kind !== 'storage';

export function checkAlreadyMigrating({ plan, src }: PreflightFacts): PreflightItem[] {
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

export function checkMigrationEnabled(f: PreflightFacts): PreflightItem[] {
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

const migrationServiceSpn = 'Microsoft Virtual System Migration Service';

/** Authentication only matters for moves between hosts that Hyper-V itself authenticates (not cluster-internal). */
export function checkAuthentication(f: PreflightFacts): PreflightItem[] {
  if (movingStep(f.plan).action !== 'moveVm') return [];
  const { plan, src, dst } = f;
  const auth = src.host.authenticationType;
  const dstName = plan.destinationHost;
  const items: PreflightItem[] = [];
  if (dst.host.authenticationType && auth && dst.host.authenticationType !== auth) {
    items.push({
      check: 'authentication',
      severity: 'warning',
      host: dstName,
      title: `Authentication differs: ${plan.sourceHost} uses ${auth}, ${dstName} ${dst.host.authenticationType}`,
      reason: 'Both hosts should use the same live migration authentication type.',
    });
  }
  if (auth === 'CredSSP') return [...items, ...checkCredSsp(f)];
  if (auth === 'Kerberos') return [...items, ...checkDelegation(f)];
  return items;
}

/** CredSSP: the user's credentials must be on the source, which only a WinRM session with CredSSP puts there. */
function checkCredSsp({ plan, sourceConnection: conn }: PreflightFacts): PreflightItem[] {
  const viaCredSsp = conn?.transport === 'wsman' && conn.authentication === 'CredSSP';
  if (viaCredSsp) return [];
  return [
    {
      check: 'authentication',
      severity: 'error',
      host: plan.sourceHost,
      title: `${plan.sourceHost} uses CredSSP, which needs the move started on the source`,
      reason: `With CredSSP the source host authenticates to ${plan.destinationHost} with your own credentials, so they must be on the source: this connection (${conn?.transport ?? 'unknown'}${conn?.authentication ? ` / ${conn.authentication}` : ''}) does not put them there and the move would fail with 0x8009030E "No credentials are available in the security package".`,
      fix: {
        kind: 'manual',
        text: `Connect to ${plan.sourceHost} over WinRM with CredSSP authentication, or switch both hosts to Kerberos with constrained delegation.`,
      },
    },
  ];
}

/** Kerberos: the source's computer account must delegate the migration service (and cifs, for files) to the target. */
function checkDelegation({ plan, src, dst, movesStorage }: PreflightFacts): PreflightItem[] {
  const dstName = plan.destinationHost;
  const fqdn = dst.host.fullyQualifiedDomainName;
  const names = [dstName, ...(fqdn ? [fqdn] : [])];
  const needed = [migrationServiceSpn, ...(movesStorage ? ['cifs'] : [])];
  const spnList = needed.flatMap((svc) => names.map((n) => `${svc}/${n}`));
  const text = `On ${plan.sourceHost}'s computer account in Active Directory: trust for delegation to specified services only (use any authentication protocol), adding ${spnList.join(', ')}.`;
  if (src.delegation === undefined) {
    return [
      {
        check: 'delegation',
        severity: 'warning',
        host: plan.sourceHost,
        title: 'Kerberos delegation could not be read',
        reason: `Could not read ${plan.sourceHost}'s delegation from Active Directory; Kerberos moves need constrained delegation of ${needed.join(' and ')} to ${dstName}.`,
        fix: { kind: 'manual', text },
      },
    ];
  }
  const have = src.delegation.map(nameKey);
  const missing = needed.filter((svc) => !names.some((n) => have.includes(nameKey(`${svc}/${n}`))));
  if (!missing.length) return [];
  return [
    {
      check: 'delegation',
      severity: 'error',
      host: plan.sourceHost,
      title: `${plan.sourceHost} may not delegate to ${dstName}`,
      reason: `Kerberos constrained delegation of ${missing.join(' and ')} to ${dstName} is missing.`,
      fix: { kind: 'manual', text },
    },
  ];
}

/** "'Network Adapter' (MAC 00-15-5D-0A-0B-01)": default names repeat, the MAC tells adapters apart. */
function adapterLabel(a: { readonly name: string; readonly macAddress?: string }): string {
  return a.macAddress ? `'${a.name}' (MAC ${formatMac(a.macAddress)})` : `'${a.name}'`;
}

type Adapter = SourceFacts['vm']['adapters'][number] & { readonly switchName: string };

/** The source's adapters whose switch the destination lacks (none for a move within one host). */
function adaptersWithMissingSwitch(f: PreflightFacts): Adapter[] {
  if (!crossHost(f)) return [];
  const missing = (a: Adapter): boolean => !f.dst.switches.some((s) => sameName(s, a.switchName));
  return f.src.vm.adapters.filter((a): a is Adapter => !!a.switchName).filter(missing);
}

/** Adapters whose switch is missing at the destination (33012), with the fix. */
export function checkSwitches(f: PreflightFacts): PreflightItem[] {
  const { plan, dst } = f;
  const dstName = plan.destinationHost;
  return adaptersWithMissingSwitch(f).map((a): PreflightItem => {
    const label = adapterLabel(a);
    const mapped = switchFor(plan.request.switchMap, a.id);
    if (mapped && dst.switches.some((s) => sameName(s, mapped))) {
      return {
        check: 'missingSwitch',
        severity: 'info',
        host: dstName,
        messageId: 33012,
        title: `${label} will connect to ${mapped}`,
        reason: `${dstName} has no switch '${a.switchName}'; the adapter is connected to '${mapped}' there.`,
      };
    }
    return {
      check: 'missingSwitch',
      severity: 'error',
      host: dstName,
      messageId: 33012,
      title: `Switch '${a.switchName}' is missing on ${dstName}`,
      reason: `Could not find Ethernet switch '${a.switchName}' for adapter ${label}.`,
      // Without its Id the adapter cannot be told from another of the same name: no one-click fix then.
      fix: a.id
        ? {
            kind: 'chooseSwitch',
            vmId: plan.request.vm.id,
            adapterId: a.id,
            adapterName: a.name,
            macAddress: a.macAddress,
            missingSwitch: a.switchName,
            choices: [...dst.switches],
          }
        : {
            kind: 'manual',
            text: `Connect ${label} to a switch that ${dstName} has, or create '${a.switchName}' there.`,
          },
    };
  });
}

/** Does the destination run the VM's configuration version (or is there nothing to compare)? */
function versionSupported(f: PreflightFacts): boolean {
  const { src, dst } = f;
  if (!crossHost(f) || !src.vm.version) return true;
  return dst.supportedVersions.length === 0 || dst.supportedVersions.includes(src.vm.version);
}

export function checkConfigurationVersion(f: PreflightFacts): PreflightItem[] {
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
export function checkCompatibility(f: PreflightFacts): PreflightItem[] {
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
  if (src.compare.error) {
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

export function checkSameVmId(f: PreflightFacts): PreflightItem[] {
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

export function checkPlannedVm(f: PreflightFacts): PreflightItem[] {
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

export function checkPassThroughDisks({ plan, src }: PreflightFacts): PreflightItem[] {
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
export function memoryNeedOf(f: PreflightFacts): number {
  return crossHost(f) && f.src.vm.state === 'Running' ? f.src.vm.memoryAssignedBytes || f.src.vm.memoryStartupBytes : 0;
}

/** Memory free at the destination: capacity less what its VMs have assigned (may be below zero when overcommitted). */
export function freeMemoryOf(dst: DestinationFacts): number {
  return dst.host.memoryCapacityBytes - dst.host.memoryAssignedBytes;
}

export function checkMemory(f: PreflightFacts): PreflightItem[] {
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
