import type { HostInventory, VmInfo } from '../../core/inventory/inventory';
import { placementFacts } from '../../core/migration/operations/readPlacementFacts';
import type { PlacementFactsAnswer, PlacementFactsByHost } from '../../core/migration/rating/placementFacts';
import { rateCandidates, type PlacementRating } from '../../core/migration/rating/placementRating';
import { destinationCandidates, placementRound } from '../../core/migration/rating/placementTarget';
import type { MigrationTopology } from '../../core/migration/topology';
import type { HostRunner, HostTarget } from '../../contract/hostRunner';
import { errorMessage } from '../../contract/errorMessage';
import { nameKey } from '../../core/names';
import type { TargetResolver } from './hostTargets';

export interface PlacementServiceDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  readonly topology: () => MigrationTopology;
  /**
   * The round's limit (absent: the engine's default, the user's request timeout); a candidate that has not answered
   * by then is rated from the inventory alone. The picker can be answered from the inventory's ratings meanwhile.
   */
  readonly timeoutMs?: number;
}

/**
 * Placement ratings with what the inventory lacks: one request to every candidate and to the VMs' own hosts together
 * (placement-facts.ps1, in parallel, one round trip each). A host that does not answer is rated from the inventory
 * alone, and its reasons say what could not be read and why.
 */
export class PlacementService {
  constructor(private readonly deps: PlacementServiceDeps) {}

  /** The candidates for these VMs (every loaded host but theirs; nodes that are Up), rated, best first. */
  async rate(vms: readonly VmInfo[], candidates?: readonly HostInventory[]): Promise<PlacementRating[]> {
    const topology = this.deps.topology();
    const hosts = candidates ?? destinationCandidates(topology, vms);
    const facts = await this.readFacts(vms, hosts);
    return rateCandidates({ topology, facts }, vms, hosts);
  }

  /** One round of placement facts; never rejects (each host's failure is its answer). */
  async readFacts(vms: readonly VmInfo[], candidates: readonly HostInventory[]): Promise<PlacementFactsByHost> {
    const round = placementRound(this.deps.topology(), vms, candidates);
    const answers = new Map<string, PlacementFactsAnswer>();
    const targets: HostTarget[] = [];
    const asked: string[] = [];
    await Promise.all(
      round.map(async (r) => {
        try {
          targets.push({ ...(await this.deps.target(r.host)), parameters: r.parameters });
          asked.push(r.host);
        } catch (e) {
          answers.set(nameKey(r.host), { ok: false, reason: errorMessage(e) });
        }
      }),
    );
    if (!targets.length) return answers;
    try {
      const results = await this.deps.runner().run(placementFacts(), targets, { timeoutMs: this.deps.timeoutMs });
      results.forEach((r, i) =>
        answers.set(nameKey(asked[i]!), r.ok ? { ok: true, facts: r.value } : { ok: false, reason: r.error.message }),
      );
    } catch (e) {
      for (const host of asked) answers.set(nameKey(host), { ok: false, reason: errorMessage(e) });
    }
    return answers;
  }
}
