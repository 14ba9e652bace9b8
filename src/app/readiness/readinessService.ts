import { setMigrationSettings } from '../../core/migration/operations/migrationSettings';
import { evaluateReadiness } from '../../core/readiness/evaluate';
import type { ConnectionFacts, FixAction, HostInput, ReadinessReport } from '../../core/readiness/model';
import { addDelegation } from '../../core/readiness/operations/addDelegation';
import { enableFirewallRule } from '../../core/readiness/operations/enableFirewallRule';
import { hostReadiness } from '../../core/readiness/operations/hostReadiness';
import type { HostRunner, HostTarget } from '../../contract/hostRunner';
import { Emitter } from '../events';
import type { TargetResolver } from '../migration/hostTargets';
import { errorMessage } from '../../contract/errorMessage';
import { nameKey, sameName } from '../../core/names';

export interface ReadinessServiceDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  /** Per request; absent (as the extension builds it): the engine's default, from the user's request timeout setting. */
  readonly timeoutMs?: () => number;
  readonly clock?: () => number;
}

export interface ReadinessResult {
  readonly hosts: readonly string[];
  readonly report: ReadinessReport;
  readonly checkedAt: number;
}

/**
 * The readiness check: one request to the chosen hosts (host-readiness.ps1 on each, in parallel), evaluated into the
 * report; and the fixes the product can run itself, each followed by a new check of the same hosts, so what the
 * report shows afterwards is what the hosts say, not what the fix hoped.
 */
export class ReadinessService {
  private last: ReadinessResult | undefined;
  private checking = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new Emitter<void>();

  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ReadinessServiceDeps) {}

  result(): ReadinessResult | undefined {
    return this.last;
  }

  get running(): boolean {
    return this.checking > 0;
  }

  /** Checks these hosts (one after another when asked again while a check runs). */
  check(hosts: readonly string[]): Promise<ReadinessResult> {
    const next = this.queue.then(() => this.checkNow(hosts));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Checks the hosts of the last check again. */
  recheck(): Promise<ReadinessResult> {
    if (!this.last) return Promise.reject(new Error('No readiness check has run yet.'));
    return this.check(this.last.hosts);
  }

  private async checkNow(hosts: readonly string[]): Promise<ReadinessResult> {
    this.checking++;
    this.changed.fire();
    try {
      const targets = await Promise.allSettled(hosts.map((h) => this.deps.target(h)));
      const reachable: { host: string; target: HostTarget }[] = [];
      const inputs = new Map<string, HostInput>();
      targets.forEach((t, i) => {
        const host = hosts[i]!;
        if (t.status === 'fulfilled') reachable.push({ host, target: t.value });
        else
          inputs.set(host, {
            name: host,
            answer: { ok: false, kind: 'notConfigured', message: errorMessage(t.reason) },
          });
      });
      const results = reachable.length
        ? await this.deps.runner().run(
            hostReadiness(),
            reachable.map((r) => r.target),
            { timeoutMs: this.deps.timeoutMs?.() },
          )
        : [];
      results.forEach((r, i) => {
        const { host, target } = reachable[i]!;
        const answer: HostInput['answer'] = r.ok
          ? { ok: true, facts: r.value }
          : { ok: false, kind: r.error.kind, message: r.error.message, errorId: r.error.fullyQualifiedErrorId };
        inputs.set(host, { name: host, connection: connectionFacts(target), answer });
      });
      const report = evaluateReadiness(hosts.map((h) => inputs.get(h)!));
      this.last = { hosts: [...hosts], report, checkedAt: (this.deps.clock ?? Date.now)() };
      return this.last;
    } finally {
      this.checking--;
      this.changed.fire();
    }
  }

  /** Runs a fix the report offered; answers with what the host now reports. The caller checks again afterwards. */
  async fix(action: FixAction): Promise<string> {
    const options = { timeoutMs: this.deps.timeoutMs?.() };
    const runner = this.deps.runner();
    switch (action.kind) {
      case 'enableMigration': {
        const after = await runner.runOne(
          setMigrationSettings({ migrationEnabled: true }),
          await this.deps.target(action.host),
          options,
        );
        if (!after.migrationEnabled) throw new Error(`${action.host} still reports live migration off.`);
        return `Live migration is on on ${action.host}.`;
      }
      case 'useKerberos': {
        const after = await runner.runOne(
          setMigrationSettings({ authenticationType: 'Kerberos' }),
          await this.deps.target(action.host),
          options,
        );
        if (after.authenticationType !== 'Kerberos')
          throw new Error(`${action.host} still reports ${after.authenticationType}.`);
        return `Live migration on ${action.host} authenticates with Kerberos.`;
      }
      case 'enableFirewallRule': {
        const after = await runner.runOne(
          enableFirewallRule(action.rule),
          await this.deps.target(action.host),
          options,
        );
        if (!after.enabled) throw new Error(`${action.host} still reports ${after.displayName} disabled.`);
        return `${after.displayName} is enabled on ${action.host}.`;
      }
      case 'addDelegation': {
        const purge = sameName(action.runOn, action.account);
        const after = await runner.runOne(
          addDelegation(action.account, action.spns, action.protocolTransition, purge),
          await this.deps.target(action.runOn),
          options,
        );
        const have = new Set(after.allowedToDelegateTo.map(nameKey));
        const missing = action.spns.filter((s) => !have.has(nameKey(s)));
        if (missing.length || (action.protocolTransition && !after.trustedToAuthForDelegation)) {
          throw new Error(
            `Active Directory still lacks ${missing.length ? missing.join(', ') : 'protocol transition'} on ${after.account}.`,
          );
        }
        return `${after.account} may now delegate to ${action.spns.length ? action.spns.join(', ') : 'its destinations'}${action.protocolTransition ? ' with any authentication protocol' : ''}.`;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function connectionFacts(target: HostTarget): ConnectionFacts {
  const c = target.connection;
  return { transport: c.transport, authentication: c.authentication, port: c.port, userName: c.userName };
}
