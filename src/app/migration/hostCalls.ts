import type { HostOperation } from '../../core/operations/hostOperation';
import type { HostErrorInfo, HostRunner } from '../../engine/types';
import type { TargetResolver } from './hostTargets';

/**
 * What became of one request to one host. `unknown` is true when the request may or may not have taken effect there:
 * every failure except a clean error from the script itself (kind 'command') — a timeout, a transport break, the local
 * PowerShell dying, a cancel — leaves the host's side undecided, so its outcome must be asked of the host.
 */
export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: HostErrorInfo; readonly unknown: boolean };

export interface HostCallsDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  readonly timeoutMs: number;
}

/** The migration engine's way to the hosts: never throws, every answer an Outcome. */
export class HostCalls {
  constructor(private readonly deps: HostCallsDeps) {}

  async one<R>(op: HostOperation<R>, host: string): Promise<Outcome<R>> {
    const [r] = await this.many(op, [host]);
    return r!;
  }

  /** One request, one answer per host, in the order of `hosts`. */
  async many<R>(op: HostOperation<R>, hosts: readonly string[]): Promise<Outcome<R>[]> {
    let targets;
    try {
      targets = await Promise.all(hosts.map((h) => this.deps.target(h)));
    } catch (e) {
      // Nothing was sent: the host could not even be named (no credentials, not loaded).
      return hosts.map((host) => ({ ok: false, unknown: false, error: { host, script: op.script.name, kind: 'unreachable', message: text(e) } }));
    }
    try {
      const results = await this.deps.runner().run(op, targets, { timeoutMs: this.deps.timeoutMs });
      return results.map((r) => (r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error, unknown: r.error.kind !== 'command' }));
    } catch (e) {
      return hosts.map((host) => ({ ok: false, unknown: true, error: { host, script: op.script.name, kind: 'process', message: text(e) } }));
    }
  }
}

function text(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
