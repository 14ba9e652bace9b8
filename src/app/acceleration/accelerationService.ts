import { refKey } from '../../core/acceleration/catalog';
import type { AccelerationChange, AdapterReadBack, AdapterRef, HostFacts } from '../../core/acceleration/model';
import {
  hostParameters,
  setAdapterAcceleration,
  type AdapterChangeItem,
  type AdapterHostResult,
} from '../../core/acceleration/operations/setAcceleration';
import { InvalidChangeError, validateChange, type Problem } from '../../core/acceleration/validate';
import type { HostErrorKind, HostRunner, HostTarget } from '../../contract/hostRunner';
import { errorMessage } from '../../contract/errorMessage';
import { nameKey, sameId } from '../../core/names';

export interface AccelerationServiceDeps {
  /** Created on first use (the extension's lazy runner). */
  readonly runner: () => HostRunner;
  /** How to reach a host the inventory names. */
  readonly target: (host: string) => Promise<HostTarget>;
  /** Refreshes the inventory of these hosts after a change, so the tree shows what the host now reports. */
  readonly refresh: (hosts: readonly string[]) => Promise<void>;
  /** Per request; absent (as the extension builds it): the engine's default, from the user's request timeout setting. */
  readonly timeoutMs?: () => number;
  /** The checks run before anything is sent; injectable so a test can deliberately send what they would refuse. */
  readonly validate?: (change: AccelerationChange) => Problem[];
}

export interface AdapterErrorView {
  readonly message: string;
  readonly fullyQualifiedErrorId?: string;
  readonly category?: string;
  /** Set when the whole host failed (unreachable, authentication, timeout…) rather than this adapter's change. */
  readonly hostErrorKind?: HostErrorKind;
}

/** One adapter's outcome: what the host now reports, and the error if its change failed. */
export interface AdapterOutcome {
  readonly ref: AdapterRef;
  readonly ok: boolean;
  readonly readBack?: AdapterReadBack;
  readonly facts?: HostFacts;
  readonly error?: AdapterErrorView;
}

/**
 * Applies an acceleration change to many adapters: validated first (nothing is sent when it is refused), then one
 * request for all hosts with one round trip per host, each host getting only its own adapters; one outcome per
 * adapter, in the order given. Afterwards the affected hosts' inventory is refreshed.
 */
export class AccelerationService {
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AccelerationServiceDeps) {}

  /** Throws InvalidChangeError, before any request, when the change is refused. */
  async apply(adapters: readonly AdapterRef[], change: AccelerationChange): Promise<AdapterOutcome[]> {
    const problems = (this.deps.validate ?? validateChange)(change);
    if (problems.length) throw new InvalidChangeError(problems);
    if (adapters.length === 0) return [];
    const outcomes = await this.run(adapters, change);
    const hosts = new Map<string, string>();
    for (const a of adapters) if (!hosts.has(nameKey(a.host))) hosts.set(nameKey(a.host), a.host);
    // The editor shows the read-back at once; the tree catches up when the refresh answers.
    this.refreshing = this.deps.refresh([...hosts.values()]).catch(() => undefined);
    return outcomes;
  }

  /** What the hosts report now for these adapters (no change). */
  read(adapters: readonly AdapterRef[]): Promise<AdapterOutcome[]> {
    return this.run(adapters, {});
  }

  /** Resolves when the refresh started by the last apply has finished. */
  settled(): Promise<void> {
    return this.refreshing;
  }

  private async run(adapters: readonly AdapterRef[], change: AccelerationChange): Promise<AdapterOutcome[]> {
    const byHost = new Map<string, { host: string; refs: AdapterRef[] }>();
    for (const a of adapters) {
      const k = nameKey(a.host);
      const g = byHost.get(k) ?? { host: a.host, refs: [] };
      g.refs.push(a);
      byHost.set(k, g);
    }
    const outcomes = new Map<string, AdapterOutcome>();
    const groups: { refs: AdapterRef[]; target: HostTarget }[] = [];
    await Promise.all(
      [...byHost.values()].map(async (g) => {
        try {
          const items: AdapterChangeItem[] = g.refs.map((r) => ({ vmId: r.vmId, adapterId: r.adapterId, change }));
          const target = await this.deps.target(g.host);
          groups.push({
            refs: g.refs,
            target: { ...target, parameters: { ...target.parameters, ...hostParameters(items) } },
          });
        } catch (e) {
          for (const r of g.refs) outcomes.set(refKey(r), { ref: r, ok: false, error: { message: errorMessage(e) } });
        }
      }),
    );
    if (groups.length) {
      const results = await this.deps.runner().run(
        setAdapterAcceleration(),
        groups.map((g) => g.target),
        { timeoutMs: this.deps.timeoutMs?.() },
      );
      groups.forEach((g, i) => {
        const r = results[i];
        for (const ref of g.refs) {
          if (!r) outcomes.set(refKey(ref), { ref, ok: false, error: { message: 'The host gave no answer.' } });
          else if (!r.ok) {
            const e = r.error;
            outcomes.set(refKey(ref), {
              ref,
              ok: false,
              error: {
                message: e.message,
                fullyQualifiedErrorId: e.fullyQualifiedErrorId,
                category: e.category,
                hostErrorKind: e.kind,
              },
            });
          } else outcomes.set(refKey(ref), outcomeOf(ref, r.value));
        }
      });
    }
    return adapters.map((a) => outcomes.get(refKey(a)) ?? { ref: a, ok: false, error: { message: 'Not sent.' } });
  }
}

function outcomeOf(ref: AdapterRef, results: readonly AdapterHostResult[]): AdapterOutcome {
  const r = results.find((x) => sameId(x.vmId, ref.vmId) && sameId(x.adapterId, ref.adapterId));
  if (!r) return { ref, ok: false, error: { message: 'The host did not report this adapter.' } };
  return { ref, ok: r.error === undefined, readBack: r.readBack?.settings, facts: r.readBack?.facts, error: r.error };
}
