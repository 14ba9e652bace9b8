import type { HostOperation } from '../../contract/hostOperation';
import type { HostErrorInfo, HostRunner, Lane } from '../../contract/hostRunner';
import type { TargetResolver } from './hostTargets';
import { errorMessage } from '../../contract/errorMessage';

/**
 * What became of one request to one host. `unknown` is true when the request may or may not have taken effect there:
 * the engine says so (`outcomeUnknown`: a transport break mid-run, a malformed answer), and a timeout, the local
 * PowerShell dying or a cancel leave the host's side undecided whatever it says; its outcome must then be asked of the
 * host. A clean error from the script, a host that could not be reached at all, or a request never sent (`busy`) did
 * nothing there.
 */
export type Outcome<R> =
  | { readonly ok: true; readonly value: R }
  | { readonly ok: false; readonly error: HostErrorInfo; readonly unknown: boolean };

export interface HostCallsDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  /** Per request; absent: the engine's default (the user's request timeout setting). */
  readonly timeoutMs?: number;
}

/** The migration engine's way to the hosts: never throws, every answer an Outcome. */
export class HostCalls {
  constructor(private readonly deps: HostCallsDeps) {}

  async one<R>(op: HostOperation<R>, host: string, lane?: Lane): Promise<Outcome<R>> {
    const [r] = await this.many(op, [host], lane);
    return r!;
  }

  /** One request, one answer per host, in the order of `hosts`; `urgent` for what must not wait behind a refresh. */
  async many<R>(op: HostOperation<R>, hosts: readonly string[], lane?: Lane): Promise<Outcome<R>[]> {
    let targets;
    try {
      targets = await Promise.all(hosts.map((h) => this.deps.target(h)));
    } catch (e) {
      // Nothing was sent: the host could not even be named (no credentials, not loaded).
      return hosts.map((host) => ({
        ok: false,
        unknown: false,
        error: { host, script: op.script.name, kind: 'unreachable', message: text(e) },
      }));
    }
    try {
      const results = await this.deps.runner().run(op, targets, { timeoutMs: this.deps.timeoutMs, lane });
      return results.map((r) =>
        r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error, unknown: outcomeUnknown(r.error) },
      );
    } catch (e) {
      return hosts.map((host) => ({
        ok: false,
        unknown: true,
        error: { host, script: op.script.name, kind: 'process', message: text(e) },
      }));
    }
  }
}

const undecided: ReadonlySet<HostErrorInfo['kind']> = new Set(['timeout', 'process', 'cancelled']);

function outcomeUnknown(error: HostErrorInfo): boolean {
  return error.outcomeUnknown === true || undecided.has(error.kind);
}

function text(e: unknown): string {
  return errorMessage(e);
}
