import type { HostInventory, VmInfo } from '../../inventory/inventory';
import type { MigrationTopology } from '../topology';
import { nameKey } from '../../names';
import type { PlacementFactsByHost } from './placementFacts';
import { placementRules, type PlacementReason, type ReasonSeverity } from './placementReasons';
import { whereFilesGo } from './placementTarget';

/**
 * A destination's rating for a VM (or VMs moving together), as VMM's intelligent placement gives one: a score 0–100
 * (0–5 stars), a verdict, and every reason with its words. Made from the inventory and, when a round of placement
 * facts ran, each host's answer; a host that did not answer is rated from the inventory alone and says what it could
 * not read. An unsuitable host keeps its reasons (it is shown, not hidden) and scores 0.
 */
export type Verdict = 'suitable' | 'warning' | 'unsuitable';

export interface PlacementRating {
  readonly host: string;
  /** The candidate's cluster, when it is a node. */
  readonly cluster?: string;
  readonly score: number;
  readonly stars: number;
  readonly verdict: Verdict;
  /** Worst first: unsuitable, warnings, unknown, then the good ones. */
  readonly reasons: readonly PlacementReason[];
}

export interface RatingContext {
  readonly topology: MigrationTopology;
  /** The round's answers; undefined: rated from the inventory alone. */
  readonly facts?: PlacementFactsByHost;
}

/** Memory and disk bytes a plan already gave each host (by name key). */
export type Assigned = ReadonlyMap<string, { readonly memoryBytes: number; readonly diskBytes: number }>;

const none = { memoryBytes: 0, diskBytes: 0 };
const rank: Record<ReasonSeverity, number> = { unsuitable: 0, warning: 1, unknown: 2, good: 3 };
/** Score weights: how much is left matters most, then the CPU; each warning costs what a user would discount. */
const weights = { memory: 40, space: 20, cpu: 20, rest: 20, perWarning: 10 };

export function rateCandidate(
  ctx: RatingContext,
  vms: readonly VmInfo[],
  candidate: HostInventory,
  assigned: Assigned = new Map(),
): PlacementRating {
  const key = nameKey(candidate.host.name);
  const input = {
    vms,
    candidate,
    filesGo: whereFilesGo(ctx.topology, vms, candidate),
    assigned: assigned.get(key) ?? none,
    facts: ctx.facts?.get(key),
    sourceFacts: (host: string) => ctx.facts?.get(nameKey(host)),
  };
  const reasons = placementRules.map((rule) => rule(input)).sort((a, b) => rank[a.severity] - rank[b.severity]);
  const verdict: Verdict = reasons.some((r) => r.severity === 'unsuitable')
    ? 'unsuitable'
    : reasons.some((r) => r.severity === 'warning')
      ? 'warning'
      : 'suitable';
  const fit = (topic: PlacementReason['topic']): number => reasons.find((r) => r.topic === topic)?.fit ?? 0.5;
  const warnings = reasons.filter((r) => r.severity === 'warning').length;
  const raw =
    weights.memory * fit('memory') +
    weights.space * fit('space') +
    weights.cpu * fit('cpu') +
    weights.rest -
    weights.perWarning * warnings;
  const score = verdict === 'unsuitable' ? 0 : Math.max(1, Math.min(100, Math.round(raw)));
  return {
    host: candidate.host.name,
    cluster: candidate.cluster?.name,
    score,
    stars: Math.round(score / 20),
    verdict,
    reasons,
  };
}

/** Best first: suitable and warned hosts by score, then unsuitable ones; ties by name. */
export function byRating(a: PlacementRating, b: PlacementRating): number {
  const bad = Number(a.verdict === 'unsuitable') - Number(b.verdict === 'unsuitable');
  return bad || b.score - a.score || a.host.localeCompare(b.host);
}

export function rateCandidates(
  ctx: RatingContext,
  vms: readonly VmInfo[],
  candidates: readonly HostInventory[],
  assigned?: Assigned,
): PlacementRating[] {
  return candidates.map((c) => rateCandidate(ctx, vms, c, assigned)).sort(byRating);
}

/** The reasons a list shows first: what is wrong, else what is best. */
export function topReasons(r: PlacementRating, max = 2): PlacementReason[] {
  return r.reasons.slice(0, max);
}
