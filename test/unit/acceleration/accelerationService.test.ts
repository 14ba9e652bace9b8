import { strict as assert } from 'node:assert';
import { AccelerationService } from '../../../src/app/acceleration/accelerationService';
import type { AdapterRef } from '../../../src/core/acceleration/model';
import { defaultSettings } from '../../../src/core/acceleration/model';
import type { AdapterHostResult } from '../../../src/core/acceleration/operations/setAcceleration';
import { InvalidChangeError } from '../../../src/core/acceleration/validate';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostRunner, HostTarget } from '../../../src/contract/hostRunner';

const ref = (host: string, vm: string, adapter = 'A'): AdapterRef => ({
  host,
  vmId: `${vm}-id`,
  vmName: vm,
  adapterId: `${vm}\\${adapter}`,
  adapterName: adapter,
});

/** Answers like the host script would: each adapter read back with the change applied, or a failure per host. */
class ScriptedRunner implements HostRunner {
  readonly requests: { script: string; targets: HostTarget[] }[] = [];
  constructor(private readonly failHosts: Record<string, string> = {}) {}
  run<R>(op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    this.requests.push({ script: op.script.name, targets: [...targets] });
    return Promise.resolve(
      targets.map((t): HostResult<R> => {
        const host = t.connection.name;
        if (this.failHosts[host])
          return {
            host,
            ok: false,
            durationMs: 1,
            error: { host, script: op.script.name, kind: 'unreachable', message: this.failHosts[host] },
          };
        const changes = (t.parameters?.Changes ?? []) as {
          vmId: string;
          adapterId: string;
          settings: Record<string, unknown>;
        }[];
        const results: AdapterHostResult[] = changes.map((c) => ({
          vmId: c.vmId,
          adapterId: c.adapterId,
          readBack: {
            settings: { ...defaultSettings, ...c.settings },
            facts: { vmState: 'Running', switchName: 'sw' },
          },
        }));
        return { host, ok: true, durationMs: 1, value: op.parse({ results }) };
      }),
    );
  }
  runOne<R>(): Promise<R> {
    return Promise.reject(new Error('not used'));
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

function service(runner: HostRunner, refreshed: string[][] = []) {
  return new AccelerationService({
    runner: () => runner,
    target: (host) =>
      host === 'NOWHERE'
        ? Promise.reject(new Error('No configured connection reaches NOWHERE.'))
        : Promise.resolve({ connection: { name: host, transport: 'local' } }),
    refresh: (hosts) => {
      refreshed.push([...hosts]);
      return Promise.resolve();
    },
    timeoutMs: () => 1000,
  });
}

describe('acceleration service', () => {
  it('refuses an invalid change before any request', async () => {
    const runner = new ScriptedRunner();
    await assert.rejects(service(runner).apply([ref('H1', 'vm1')], { vmqWeight: 500 }), InvalidChangeError);
    await assert.rejects(service(runner).apply([ref('H1', 'vm1')], {}), InvalidChangeError);
    assert.equal(runner.requests.length, 0);
  });

  it('sends one request, each host with only its own adapters, and gives one outcome per adapter in order', async () => {
    const runner = new ScriptedRunner();
    const refreshed: string[][] = [];
    const s = service(runner, refreshed);
    const refs = [ref('H1', 'vm1'), ref('H2', 'vm2'), ref('h1', 'vm3')];
    const outcomes = await s.apply(refs, { ipsecOffloadMaxSA: 0 });
    assert.equal(runner.requests.length, 1);
    assert.equal(runner.requests[0]!.script, 'set-adapter-acceleration.ps1');
    assert.deepEqual(
      runner.requests[0]!.targets.map((t) => [
        t.connection.name,
        (t.parameters?.Changes as { vmId: string }[]).map((c) => c.vmId),
      ]),
      [
        ['H1', ['vm1-id', 'vm3-id']],
        ['H2', ['vm2-id']],
      ],
    );
    assert.deepEqual((runner.requests[0]!.targets[0]!.parameters?.Changes as { settings: unknown }[])[0]!.settings, {
      ipsecOffloadMaxSA: 0,
    });
    assert.deepEqual(
      outcomes.map((o) => [o.ref.vmName, o.ok, o.readBack?.ipsecOffloadMaxSA]),
      [
        ['vm1', true, 0],
        ['vm2', true, 0],
        ['vm3', true, 0],
      ],
    );
    await s.settled();
    assert.deepEqual(refreshed, [['H1', 'H2']]);
  });

  it('gives every adapter of a host that failed that host error, and the other hosts their results', async () => {
    const runner = new ScriptedRunner({ H2: 'connection refused' });
    const outcomes = await service(runner).apply(
      [ref('H1', 'vm1'), ref('H2', 'vm2'), ref('H2', 'vm3'), ref('NOWHERE', 'vm4')],
      { vmqWeight: 0 },
    );
    assert.deepEqual(
      outcomes.map((o) => [o.ref.vmName, o.ok, o.error?.message, o.error?.hostErrorKind]),
      [
        ['vm1', true, undefined, undefined],
        ['vm2', false, 'connection refused', 'unreachable'],
        ['vm3', false, 'connection refused', 'unreachable'],
        ['vm4', false, 'No configured connection reaches NOWHERE.', undefined],
      ],
    );
  });

  it('reads without changing anything', async () => {
    const runner = new ScriptedRunner();
    const [o] = await service(runner).read([ref('H1', 'vm1')]);
    assert.deepEqual((runner.requests[0]!.targets[0]!.parameters?.Changes as { settings: unknown }[])[0]!.settings, {});
    assert.equal(o?.readBack?.vmqWeight, 100);
  });
});
