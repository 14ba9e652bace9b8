import type { HostInventory, VmInfo } from '../../inventory/inventory';
import { nameKey, sameName } from '../../names';
import { byRating, rateCandidate, type PlacementRating, type RatingContext } from './placementRating';
import { diskBytes, whereFilesGo } from './placementTarget';

export interface SpreadAssignment {
  readonly vm: VmInfo;
  readonly destination: string;
  readonly rating: PlacementRating;
}

export interface Unplaced {
  readonly vm: VmInfo;
  /** Why no destination takes it: each candidate's worst reason. */
  readonly reason: string;
}

export interface Spread {
  readonly assignments: readonly SpreadAssignment[];
  readonly unplaced: readonly Unplaced[];
}

/** A running VM takes memory where it lands now; one that is off takes its startup memory when it starts. */
const memoryTaken = (vm: VmInfo): number =>
  vm.state === 'Running' || vm.state === 'Paused'
    ? vm.memoryAssignedBytes
    : (vm.memoryStartupBytes ?? vm.memoryAssignedBytes);

/**
 * Spreads VMs over destinations by their rating (evacuation, the VMs moved beside a drain): biggest VM first, each to
 * the best-rated destination, rated with what the plan already sent there (its memory, and its disks where they are
 * copied). A VM no destination suits is left where it is, with the reason. Pure and deterministic.
 */
export function spreadByRating(
  ctx: RatingContext,
  vms: readonly VmInfo[],
  destinations: readonly HostInventory[],
): Spread {
  const assigned = new Map<string, { memoryBytes: number; diskBytes: number }>();
  const ordered = [...vms].sort((a, b) => memoryTaken(b) - memoryTaken(a) || a.name.localeCompare(b.name));
  const assignments: SpreadAssignment[] = [];
  const unplaced: Unplaced[] = [];
  for (const vm of ordered) {
    const ratings = destinations
      .filter((d) => !sameName(d.host.name, vm.host))
      .map((d) => ({ d, rating: rateCandidate(ctx, [vm], d, assigned) }))
      .sort((a, b) => byRating(a.rating, b.rating));
    const best = ratings[0];
    if (!best || best.rating.verdict === 'unsuitable') {
      const each = ratings.map((r) => `${r.d.host.name}: ${r.rating.reasons[0]?.text ?? 'unsuitable'}`);
      unplaced.push({ vm, reason: best ? `no destination suits it (${each.join('; ')})` : 'no other host to go to' });
      continue;
    }
    assignments.push({ vm, destination: best.d.host.name, rating: best.rating });
    const key = nameKey(best.d.host.name);
    const before = assigned.get(key) ?? { memoryBytes: 0, diskBytes: 0 };
    const copies = whereFilesGo(ctx.topology, [vm], best.d).kind !== 'stay';
    assigned.set(key, {
      memoryBytes: before.memoryBytes + memoryTaken(vm),
      diskBytes: before.diskBytes + (copies ? diskBytes(vm) : 0),
    });
  }
  return { assignments, unplaced };
}
