import type { HostConnection } from '../../contract/hostRunner';
import type { DowntimeEstimate } from './downtime';
import type { MigrationPlan, StoragePlacement } from './model';
import { filesPlacementOf, movesWithoutLiveConnection } from './planSteps';
import type { AnsweredFacts, DestinationFacts, SourceFacts } from './preflightFacts';
import { checkSpace, type MoveNeeds } from './preflightSpace';
import {
  checkAlreadyMigrating,
  checkAnswered,
  checkCompatibility,
  checkConfigurationVersion,
  checkMemory,
  checkMigrationEnabled,
  checkPassThroughDisks,
  checkPlannedVm,
  checkSameVmId,
  freeMemoryOf,
  hasError,
  memoryNeedOf,
} from './preflightChecks';
import { checkAuthentication } from './preflightAuthentication';
import { checkSwitches } from './preflightSwitches';
import { parentOf, pathKey } from '../windowsPath';

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
  | 'compareSkipped'
  /** What can be done instead when live migration is refused (fallbacks.ts). */
  | 'fallback';

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
  /** Move a clustered VM by quick migration instead (save, move, resume), with the downtime said. */
  | {
      readonly kind: 'quickMigration';
      readonly vmId: string;
      readonly vmName: string;
      readonly downtime: DowntimeEstimate;
    }
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
    case 'perDisk': {
      // The folders the disks go to, each once in its first spelling (preflightSpace.ts sums them per volume).
      const folders = new Map<string, string>();
      for (const d of storage.disks) {
        const f = parentOf(d.destination);
        if (!folders.has(pathKey(f))) folders.set(pathKey(f), f);
      }
      return { paths: [...folders.values()], includeDefault: false };
    }
  }
}

/** Turns the facts both hosts reported into the readable report: the checks, in the order it lists them. Pure. */
export function evaluatePreflight(input: PreflightInput): PreflightReport {
  const { plan, source: src, destination: dst } = input;
  const report = (items: PreflightItem[], needs?: MoveNeeds): PreflightReport => ({
    vmId: plan.request.vm.id,
    vmName: plan.request.vm.name,
    kind: plan.kind,
    sourceHost: plan.sourceHost,
    destinationHost: plan.destinationHost,
    items,
    checkedAt: input.now,
    ...(needs ? { needs } : {}),
  });
  if (hasError(src) || hasError(dst)) {
    return report([...checkAnswered(plan.sourceHost, src), ...checkAnswered(plan.destinationHost, dst)]);
  }
  const { sourceConnection } = input;
  const facts: AnsweredFacts = { plan, src, dst, sourceConnection, movesStorage: movesStorage(plan) };
  const space = facts.movesStorage ? checkSpace(plan, src, dst) : { items: [], volumes: [] };
  const items: PreflightItem[] = [
    ...checkAlreadyMigrating(facts),
    // A quick migration makes no live migration connection: whether the hosts would allow one does not matter.
    ...(movesWithoutLiveConnection(plan) ? [] : [...checkMigrationEnabled(facts), ...checkAuthentication(facts)]),
    ...checkSwitches(facts),
    ...checkConfigurationVersion(facts),
    ...checkCompatibility(facts),
    ...checkSameVmId(facts),
    ...checkPlannedVm(facts),
    ...checkPassThroughDisks(facts),
    ...space.items,
    ...checkMemory(facts),
  ];
  const free = freeMemoryOf(dst);
  const freeMemoryBytes = dst.host.memoryCapacityBytes > 0 ? Math.max(0, free) : undefined;
  return report(items, {
    host: plan.destinationHost,
    memoryBytes: memoryNeedOf(facts),
    freeMemoryBytes,
    space: space.volumes,
  });
}
