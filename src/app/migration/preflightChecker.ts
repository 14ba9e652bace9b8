import type { Clock } from '../../core/clock';
import type { MigrationPlan } from '../../core/migration/model';
import { movingStep } from '../../core/migration/planSteps';
import {
  bothParameters,
  destinationParameters,
  preflight,
  sourceParameters,
} from '../../core/migration/operations/readPreflightFacts';
import type { DestinationFacts, PreflightFacts, SourceFacts } from '../../core/migration/preflightFacts';
import { destinationPaths, evaluatePreflight, type PreflightReport } from '../../core/migration/preflight';
import type { HostResult, HostRunner } from '../../contract/hostRunner';
import type { TargetResolver } from './hostTargets';

export interface PreflightCheckerDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  /** Per request; absent: the engine's default (the user's request timeout setting). */
  readonly timeoutMs?: number;
  readonly clock: Clock;
}

/** Runs a preflight: one request, one round trip per host (source and destination in parallel), then the report. */
export class PreflightChecker {
  constructor(private readonly deps: PreflightCheckerDeps) {}

  async run(plan: MigrationPlan): Promise<PreflightReport> {
    const step = movingStep(plan);
    const vmId = plan.request.vm.id;
    const now = new Date(this.deps.clock.now()).toISOString();
    const sourceTarget = await this.deps.target(plan.sourceHost);

    if (step.action === 'moveStorage') {
      const { paths } = destinationPaths(step.storage);
      const [r] = await this.deps
        .runner()
        .run(preflight(vmId), [{ ...sourceTarget, parameters: bothParameters(paths) }], {
          timeoutMs: this.deps.timeoutMs,
        });
      const facts = unwrap(r);
      return evaluatePreflight({
        plan,
        source: 'error' in facts ? facts : (facts.source ?? { error: 'no answer' }),
        destination: 'error' in facts ? facts : (facts.destination ?? { error: 'no answer' }),
        sourceConnection: sourceTarget.connection,
        now,
      });
    }

    // Compare-VM runs with the move's own arguments; a VM still in a cluster role cannot be compared with storage
    // options, so silo moves out of a cluster compare after the role is removed.
    const compare =
      step.action === 'moveVm' && plan.kind !== 'clusterToCluster' && plan.kind !== 'clusterToStandalone'
        ? {
            destinationHost: step.destinationName ?? step.destinationHost,
            storage: step.storage,
            retainSourceCopies: step.retainSourceCopies,
          }
        : step.action === 'moveClusterRole'
          ? {
              destinationHost: step.nodeName ?? step.node,
              storage: { mode: 'shared' as const },
              retainSourceCopies: false,
            }
          : undefined;
    const storage = step.action === 'moveVm' ? step.storage : { mode: 'shared' as const };
    const { paths, includeDefault } = destinationPaths(storage);
    const destTarget = await this.deps.target(plan.destinationHost);
    const results = await this.deps.runner().run(
      preflight(vmId),
      [
        { ...sourceTarget, parameters: sourceParameters(compare) },
        { ...destTarget, parameters: destinationParameters(paths, includeDefault) },
      ],
      { timeoutMs: this.deps.timeoutMs },
    );
    const s = unwrap(results[0]);
    const d = unwrap(results[1]);
    const source: SourceFacts | { error: string } = 'error' in s ? s : (s.source ?? { error: 'no answer' });
    const destination: DestinationFacts | { error: string } =
      'error' in d ? d : (d.destination ?? { error: 'no answer' });
    return evaluatePreflight({ plan, source, destination, sourceConnection: sourceTarget.connection, now });
  }
}

function unwrap(r: HostResult<PreflightFacts> | undefined): PreflightFacts | { error: string } {
  if (!r) return { error: 'no answer' };
  return r.ok ? r.value : { error: r.error.message };
}
