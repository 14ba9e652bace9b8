// One timeout from the setting: the migration services give their requests no limit of their own, so the engine's
// default, which the extension takes from hypervMobility.requestTimeoutSeconds, is the one every request gets.
import * as assert from 'node:assert/strict';
import { HostMigrationSettingsService } from '../../../src/app/migration/hostMigrationSettingsService';
import { MaintenanceService } from '../../../src/app/migration/maintenanceService';
import { engineTimeouts } from '../../../src/app/requestTimeout';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostRunner, HostTarget, RunOptions } from '../../../src/contract/hostRunner';
import { decodeRequestLine, okAnswer } from '../engine/fakeProcess';
import { echo, Harness, ssh } from '../engine/harness';
import { world } from './executorWorld';

/** Passes every request on and writes down the limit it was given. */
class LimitRecorder implements HostRunner {
  readonly limits: { script: string; timeoutMs: number | undefined }[] = [];
  constructor(private readonly inner: HostRunner) {}
  run<R>(op: HostOperation<R>, targets: readonly HostTarget[], options?: RunOptions): Promise<HostResult<R>[]> {
    this.limits.push({ script: op.script.name, timeoutMs: options?.timeoutMs });
    return this.inner.run(op, targets, options);
  }
  runOne<R>(op: HostOperation<R>, target: HostTarget, options?: RunOptions): Promise<R> {
    this.limits.push({ script: op.script.name, timeoutMs: options?.timeoutMs });
    return this.inner.runOne(op, target, options);
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

describe('one request timeout, from the setting', () => {
  it("a migration's requests (preflight, start, polls, where the VM is) carry no limit of their own", async () => {
    const w = world(3_000);
    const recorder = new LimitRecorder(w.hosts);
    const s = w.service({ runner: () => recorder });
    const plan = w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } });
    // the scripted hosts have no preflight answer: what matters is the limit the request was sent with
    await s.preflight(plan).catch(() => undefined);
    const job = s.start(plan);
    await w.runFor(10_000);
    assert.equal(s.job(job.id)!.status, 'succeeded', s.job(job.id)!.error);
    const scripts = new Set(recorder.limits.map((l) => l.script));
    for (const script of [
      'migration-preflight.ps1',
      'migration-start-move.ps1',
      'migration-poll.ps1',
      'migration-locate-vm.ps1',
    ]) {
      assert.ok(scripts.has(script), `${script} was sent (sent: ${[...scripts].join(', ')})`);
    }
    assert.deepEqual(
      recorder.limits.filter((l) => l.timeoutMs !== undefined),
      [],
      'every request leaves its limit to the engine',
    );
    w.end();
  });

  it('host settings and node drains carry none either', async () => {
    const w = world();
    const recorder = new LimitRecorder(w.hosts);
    const target = (name: string): Promise<HostTarget> => Promise.resolve({ connection: { name, transport: 'ssh' } });
    const migrations = w.service({ runner: () => recorder });
    await new HostMigrationSettingsService(() => recorder, target).get('HV-A').catch(() => undefined);
    const maintenance = new MaintenanceService({
      runner: () => recorder,
      target,
      topology: () => w.e.topology,
      migrations,
    });
    await maintenance.drain('CLU-A', 'A-N1').catch(() => undefined);
    await maintenance.resume('A-N2').catch(() => undefined);
    const scripts = recorder.limits.map((l) => l.script);
    for (const script of ['host-migration-get-settings.ps1', 'cluster-suspend-node.ps1', 'cluster-resume-node.ps1'])
      assert.ok(scripts.includes(script), `${script} was sent (${scripts.join(', ')})`);
    assert.deepEqual(
      recorder.limits.filter((l) => l.timeoutMs !== undefined),
      [],
    );
    maintenance.dispose();
    w.end();
  });

  it("the engine gives a request without a limit the setting's, counted from when it is sent", async () => {
    const h = new Harness(
      okAnswer(() => 'x'),
      engineTimeouts(7),
    );
    await h.engine.run(echo(), [ssh('A')]);
    const request = decodeRequestLine(h.requestLines()[0]!);
    assert.ok(
      request.timeoutMs <= 7_000 && request.timeoutMs > 6_000,
      `the dispatcher was given ${request.timeoutMs} ms`,
    );
    await h.engine.dispose();
  });

  it('the setting in seconds; a missing or broken value is the declared default of 60', () => {
    assert.deepEqual(engineTimeouts(300), { defaultTimeoutMs: 300_000, openTimeoutMs: 300_000 });
    assert.deepEqual(engineTimeouts(undefined), { defaultTimeoutMs: 60_000, openTimeoutMs: 60_000 });
    assert.deepEqual(engineTimeouts(Number.NaN), { defaultTimeoutMs: 60_000, openTimeoutMs: 60_000 });
  });
});
