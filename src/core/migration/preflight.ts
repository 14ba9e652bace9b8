import type { HostConnection } from '../../contract/hostRunner';
import { filesPlacementOf, movingStep, type MigrationPlan, type StoragePlacement } from './model';
import type { DestinationFacts, SourceFacts } from './operations/preflight';
import { formatMac } from '../tree/describe';
import { switchFor } from './switchMap';
import { checkSpace, gb, type MoveNeeds, type VolumeNeed } from './preflightSpace';
import { nameKey, sameName } from '../names';

/**
 * The preflight report: what was checked before a move, each finding with its reason and, where there is one, the
 * fix. Errors block the start; warnings may be accepted by the user.
 */
export type Severity = 'error' | 'warning' | 'info';

export type PreflightCheck =
  | 'hostUnreachable'
  | 'alreadyMigrating'
  | 'migrationDisabled'
  | 'authentication'
  | 'delegation'
  | 'compatibility'
  | 'missingSwitch'
  | 'configurationVersion'
  | 'diskSpace'
  | 'sameVmId'
  | 'plannedVm'
  | 'passThroughDisk'
  | 'memory'
  | 'destinationPath'
  | 'batch'
  | 'compareSkipped';

export type PreflightFix =
  /** 33012: connect this adapter (by Id) to one of the destination's switches (MoveRequest.switchMap). */
  | {
      readonly kind: 'chooseSwitch';
      /** The VM the adapter belongs to (a confirmation may hold several moves). */
      readonly vmId: string;
      readonly adapterId: string;
      readonly adapterName: string;
      readonly macAddress?: string;
      /** The switch it is connected to on the source, which the destination lacks. */
      readonly missingSwitch: string;
      readonly choices: readonly string[];
    }
  /** Turn on live migration on this host (Enable-VMMigration). */
  | { readonly kind: 'enableMigration'; readonly host: string }
  /** Remove the planned VM an earlier move of this VM left on this host (never a real VM). */
  | { readonly kind: 'removePlannedVm'; readonly host: string; readonly vmId: string; readonly vmName: string }
  /** Something only the administrator can do; the text says what. */
  | { readonly kind: 'manual'; readonly text: string };

export interface PreflightItem {
  readonly check: PreflightCheck;
  readonly severity: Severity;
  readonly host?: string;
  readonly title: string;
  readonly reason: string;
  readonly fix?: PreflightFix;
  /** Compare-VM's MessageId when the finding came from it. */
  readonly messageId?: number;
}

export interface PreflightReport {
  readonly vmId: string;
  readonly vmName: string;
  readonly kind: MigrationPlan['kind'];
  readonly sourceHost: string;
  readonly destinationHost: string;
  readonly items: readonly PreflightItem[];
  readonly checkedAt: string;
  /** What the move takes from its destination, when the facts were read: a batch adds these up per host and volume. */
  readonly needs?: MoveNeeds;
}

export function errors(r: PreflightReport): PreflightItem[] {
  return r.items.filter((i) => i.severity === 'error');
}

export function warnings(r: PreflightReport): PreflightItem[] {
  return r.items.filter((i) => i.severity === 'warning');
}

/** Errors block; warnings block until the user accepts them. */
export function mayStart(r: PreflightReport, warningsAccepted: boolean): boolean {
  return errors(r).length === 0 && (warningsAccepted || warnings(r).length === 0);
}

export interface PreflightInput {
  readonly plan: MigrationPlan;
  /** The source's facts, or why they could not be read. */
  readonly source: SourceFacts | { readonly error: string };
  readonly destination: DestinationFacts | { readonly error: string };
  /** How we reach the source host: CredSSP moves need a session that holds the user's credentials there. */
  readonly sourceConnection?: HostConnection;
  readonly now: string;
}

/** Does the plan write the VM's files to new places? */
export function movesStorage(plan: MigrationPlan): boolean {
  const files = filesPlacementOf(plan);
  return files !== undefined && files.mode !== 'shared';
}

/** Destination folders to check for space; `default` when the destination's default path is used. */
export function destinationPaths(storage: StoragePlacement): { paths: string[]; includeDefault: boolean } {
  switch (storage.mode) {
    case 'shared':
      return { paths: [], includeDefault: false };
    case 'hostDefault':
      return { paths: [], includeDefault: true };
    case 'folder':
      return { paths: [storage.path], includeDefault: false };
    case 'perDisk':
      return { paths: [...new Set(storage.disks.map((d) => d.destination))], includeDefault: false };
  }
}

function hasError<T extends object>(x: T | { readonly error: string }): x is { readonly error: string } {
  return !('host' in x);
}

const migrationServiceSpn = 'Microsoft Virtual System Migration Service';

/** Turns the facts both hosts reported into the readable report. Pure. */
export function evaluatePreflight(input: PreflightInput): PreflightReport {
  const { plan } = input;
  const items: PreflightItem[] = [];
  const report = (needs?: MoveNeeds): PreflightReport => ({
    vmId: plan.request.vm.id,
    vmName: plan.request.vm.name,
    kind: plan.kind,
    sourceHost: plan.sourceHost,
    destinationHost: plan.destinationHost,
    items,
    checkedAt: input.now,
    ...(needs ? { needs } : {}),
  });
  const src = input.source;
  const dst = input.destination;
  if (hasError(src)) {
    items.push({ check: 'hostUnreachable', severity: 'error', host: plan.sourceHost, title: `${plan.sourceHost} did not answer`, reason: src.error });
  }
  if (hasError(dst)) {
    items.push({ check: 'hostUnreachable', severity: 'error', host: plan.destinationHost, title: `${plan.destinationHost} did not answer`, reason: dst.error });
  }
  if (hasError(src) || hasError(dst)) return report();
  const step = movingStep(plan);
  const crossHost = plan.kind !== 'storage';
  const dstName = plan.destinationHost;

  if (src.runningJobs.length > 0) {
    items.push({ check: 'alreadyMigrating', severity: 'error', host: plan.sourceHost, title: `${src.vm.name} is already being migrated`, reason: 'A migration of this VM is still running on the source host; wait for it to end or cancel it.' });
  }

  if (crossHost) {
    for (const [name, enabled] of [
      [plan.sourceHost, src.host.migrationEnabled],
      [dstName, dst.host.migrationEnabled],
    ] as const) {
      if (!enabled) {
        items.push({
          check: 'migrationDisabled',
          severity: 'error',
          host: name,
          title: `Live migration is off on ${name}`,
          reason: 'Both hosts must allow incoming and outgoing live migrations.',
          fix: { kind: 'enableMigration', host: name },
        });
      }
    }
  }

  // Authentication only matters for moves between hosts that Hyper-V itself authenticates (not cluster-internal).
  if (step.action === 'moveVm') checkAuthentication(items, plan, src, dst, input.sourceConnection, movesStorage(plan));

  // Adapters whose switch is missing at the destination (33012), with the fix.
  const flaggedSwitches = new Set<string>();
  if (crossHost) {
    for (const a of src.vm.adapters) {
      if (!a.switchName || dst.switches.some((s) => sameName(s, a.switchName))) continue;
      flaggedSwitches.add(nameKey(a.switchName));
      const label = adapterLabel(a);
      const mapped = switchFor(plan.request.switchMap, a.id);
      if (mapped && dst.switches.some((s) => sameName(s, mapped))) {
        items.push({ check: 'missingSwitch', severity: 'info', host: dstName, messageId: 33012, title: `${label} will connect to ${mapped}`, reason: `${dstName} has no switch '${a.switchName}'; the adapter is connected to '${mapped}' there.` });
        continue;
      }
      items.push({
        check: 'missingSwitch',
        severity: 'error',
        host: dstName,
        messageId: 33012,
        title: `Switch '${a.switchName}' is missing on ${dstName}`,
        reason: `Could not find Ethernet switch '${a.switchName}' for adapter ${label}.`,
        // Without its Id the adapter cannot be told from another of the same name: no one-click fix then.
        fix: a.id
          ? { kind: 'chooseSwitch', vmId: plan.request.vm.id, adapterId: a.id, adapterName: a.name, macAddress: a.macAddress, missingSwitch: a.switchName, choices: [...dst.switches] }
          : { kind: 'manual', text: `Connect ${label} to a switch that ${dstName} has, or create '${a.switchName}' there.` },
      });
    }
  }

  const versionOk = !crossHost || !src.vm.version || dst.supportedVersions.length === 0 || dst.supportedVersions.includes(src.vm.version);
  if (!versionOk) {
    items.push({
      check: 'configurationVersion',
      severity: 'error',
      host: dstName,
      title: `${dstName} does not run configuration version ${src.vm.version}`,
      reason: `${src.vm.name} has configuration version ${src.vm.version}; ${dstName} supports ${dst.supportedVersions.join(', ')}. A VM can move to a newer host, not back to an older one.`,
      fix: { kind: 'manual', text: 'Choose a destination running the same or a newer Windows Server.' },
    });
  }

  if (src.compare.ran) {
    if (src.compare.error) {
      items.push({ check: 'compatibility', severity: 'error', host: plan.sourceHost, title: 'Compare-VM failed', reason: src.compare.error });
    }
    for (const inc of src.compare.incompatibilities) {
      if (inc.messageId === 33012 && (inc.switchName === undefined || flaggedSwitches.has(nameKey(inc.switchName)) || flaggedSwitches.size > 0)) continue;
      if (!versionOk && /configuration version/i.test(inc.message)) continue;
      items.push({ check: 'compatibility', severity: 'error', host: dstName, messageId: inc.messageId, title: `Not compatible with ${dstName}`, reason: inc.message, fix: compatibilityFix(inc.message) });
    }
  } else if (plan.kind === 'clusterToCluster' || plan.kind === 'clusterToStandalone') {
    items.push({
      check: 'compareSkipped',
      severity: 'info',
      title: 'Compare-VM cannot check a VM that is still a cluster role',
      reason: 'Hyper-V refuses a storage compatibility check for a clustered VM; switches, configuration version, space and settings were checked here instead, and if the move fails the role is put back where it was.',
    });
  }

  if (crossHost && dst.sameVm && plan.kind !== 'clustered') {
    items.push({
      check: 'sameVmId',
      severity: 'error',
      host: dstName,
      title: `A VM with the same Id is already on ${dstName}`,
      reason: `'${dst.sameVm.name}' (${dst.sameVm.state}) on ${dstName} has Id ${src.vm.id}; a host cannot hold two VMs with one Id.`,
      fix: { kind: 'manual', text: `Find out which copy is current; remove the stale one from ${dstName} (nothing is removed automatically).` },
    });
  }

  if (crossHost && plan.kind !== 'clustered' && dst.plannedVm && !dst.sameVm && src.runningJobs.length === 0) {
    items.push({
      check: 'plannedVm',
      severity: 'error',
      host: dstName,
      title: `A planned VM of ${src.vm.name} is left on ${dstName}`,
      reason: `An earlier move of ${src.vm.name} that did not finish left its planned VM (Hyper-V's half-made copy, not shown by Get-VM) on ${dstName}; a new move there fails until it is removed. The VM itself is on ${plan.sourceHost}.`,
      fix: { kind: 'removePlannedVm', host: dstName, vmId: src.vm.id, vmName: src.vm.name },
    });
  }

  for (const d of src.vm.disks.filter((x) => x.passThrough)) {
    items.push({
      check: 'passThroughDisk',
      severity: plan.kind === 'clustered' ? 'warning' : 'error',
      host: plan.sourceHost,
      title: `Pass-through disk${d.diskNumber !== undefined ? ` ${d.diskNumber}` : ''}`,
      reason:
        plan.kind === 'clustered'
          ? 'A pass-through disk moves only if it is a cluster disk every node reaches.'
          : 'A physical disk attached to the VM cannot travel with a live migration.',
      fix: { kind: 'manual', text: 'Detach the pass-through disk or convert it to a VHDX first.' },
    });
  }

  const space: VolumeNeed[] = movesStorage(plan) ? checkSpace(items, plan, src, dst) : [];

  const free = dst.host.memoryCapacityBytes - dst.host.memoryAssignedBytes;
  const memoryNeed = crossHost && src.vm.state === 'Running' ? src.vm.memoryAssignedBytes || src.vm.memoryStartupBytes : 0;
  const needs: MoveNeeds = { host: dstName, memoryBytes: memoryNeed, freeMemoryBytes: dst.host.memoryCapacityBytes > 0 ? Math.max(0, free) : undefined, space };
  if (crossHost && src.vm.state === 'Running') {
    const need = memoryNeed;
    if (dst.host.memoryCapacityBytes > 0 && need > free) {
      items.push({ check: 'memory', severity: 'warning', host: dstName, title: `${dstName} may be short of memory`, reason: `${src.vm.name} uses ${gb(need)}; about ${gb(Math.max(0, free))} is free on ${dstName}.` });
    }
  }
  return report(needs);
}

/** "'Network Adapter' (MAC 00-15-5D-0A-0B-01)": default names repeat, the MAC tells adapters apart. */
export function adapterLabel(a: { readonly name: string; readonly macAddress?: string }): string {
  return a.macAddress ? `'${a.name}' (MAC ${formatMac(a.macAddress)})` : `'${a.name}'`;
}

function compatibilityFix(message: string): PreflightFix | undefined {
  if (/processor/i.test(message)) {
    return { kind: 'manual', text: 'Turn the VM off and enable processor compatibility (Set-VMProcessor -CompatibilityForMigrationEnabled $true), or choose a host with the same processor family.' };
  }
  if (/space/i.test(message)) return { kind: 'manual', text: 'Choose another destination folder or free space there.' };
  return undefined;
}

function checkAuthentication(items: PreflightItem[], plan: MigrationPlan, src: SourceFacts, dst: DestinationFacts, conn: HostConnection | undefined, storage: boolean): void {
  const auth = src.host.authenticationType;
  const dstName = plan.destinationHost;
  if (dst.host.authenticationType && auth && dst.host.authenticationType !== auth) {
    items.push({
      check: 'authentication',
      severity: 'warning',
      host: dstName,
      title: `Authentication differs: ${plan.sourceHost} uses ${auth}, ${dstName} ${dst.host.authenticationType}`,
      reason: 'Both hosts should use the same live migration authentication type.',
    });
  }
  if (auth === 'CredSSP') {
    const viaCredSsp = conn?.transport === 'wsman' && conn.authentication === 'CredSSP';
    if (!viaCredSsp) {
      items.push({
        check: 'authentication',
        severity: 'error',
        host: plan.sourceHost,
        title: `${plan.sourceHost} uses CredSSP, which needs the move started on the source`,
        reason: `With CredSSP the source host authenticates to ${dstName} with your own credentials, so they must be on the source: this connection (${conn?.transport ?? 'unknown'}${conn?.authentication ? ` / ${conn.authentication}` : ''}) does not put them there and the move would fail with 0x8009030E "No credentials are available in the security package".`,
        fix: { kind: 'manual', text: `Connect to ${plan.sourceHost} over WinRM with CredSSP authentication, or switch both hosts to Kerberos with constrained delegation.` },
      });
    }
    return;
  }
  if (auth === 'Kerberos') {
    const fqdn = dst.host.fullyQualifiedDomainName;
    const names = [dstName, ...(fqdn ? [fqdn] : [])];
    const needed = [migrationServiceSpn, ...(storage ? ['cifs'] : [])];
    const spnList = needed.flatMap((svc) => names.map((n) => `${svc}/${n}`));
    const text = `On ${plan.sourceHost}'s computer account in Active Directory: trust for delegation to specified services only (use any authentication protocol), adding ${spnList.join(', ')}.`;
    if (src.delegation === undefined) {
      items.push({ check: 'delegation', severity: 'warning', host: plan.sourceHost, title: 'Kerberos delegation could not be read', reason: `Could not read ${plan.sourceHost}'s delegation from Active Directory; Kerberos moves need constrained delegation of ${needed.join(' and ')} to ${dstName}.`, fix: { kind: 'manual', text } });
      return;
    }
    const have = src.delegation.map(nameKey);
    const missing = needed.filter((svc) => !names.some((n) => have.includes(nameKey(`${svc}/${n}`))));
    if (missing.length) {
      items.push({ check: 'delegation', severity: 'error', host: plan.sourceHost, title: `${plan.sourceHost} may not delegate to ${dstName}`, reason: `Kerberos constrained delegation of ${missing.join(' and ')} to ${dstName} is missing.`, fix: { kind: 'manual', text } });
    }
  }
}
