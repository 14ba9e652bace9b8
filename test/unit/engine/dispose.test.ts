import { strict as assert } from 'node:assert';
import { LazyRunner } from '../../../src/app/lazyRunner';
import { okAnswer } from './fakeProcess';
import { echo, Harness, never, sleep, ssh } from './harness';

describe('disposing the engine while requests are queued or in flight', () => {
  it('queued requests answer at once with a clear process error; no new PowerShell is started; the one in flight ends', async () => {
    const h = new Harness(() => never());
    const inFlight = h.engine.run(echo(), [ssh('A')], { timeoutMs: 60_000 });
    const queued = [
      h.engine.run(echo(), [ssh('B')], { timeoutMs: 60_000 }),
      h.engine.run(echo(), [ssh('C')], { timeoutMs: 60_000, lane: 'urgent' }),
    ];
    await sleep(30);
    const processesBefore = h.processes.length;
    await h.engine.dispose();
    const results = await Promise.all([inFlight, ...queued]);
    for (const [r] of results) {
      assert.ok(r && !r.ok);
      assert.equal(r.error.kind, 'process');
      assert.match(r.error.message, /the engine was disposed/);
    }
    // The one in flight may have started the script; the queued ones never left.
    const unknown = results.map(([r]) => (r && !r.ok ? r.error.outcomeUnknown : 'ok'));
    assert.equal(unknown[0], true);
    assert.equal(unknown[1], undefined);
    await sleep(30);
    assert.equal(h.processes.length, processesBefore, 'no PowerShell started after dispose');
    assert.ok(
      h.processes.every((p) => p.disposed || p.killed),
      'every PowerShell ended',
    );
    // And later requests never start one either.
    const [later] = await h.engine.run(echo(), [ssh('D')]);
    assert.equal(later?.ok ? '' : later?.error.kind, 'process');
    assert.equal(h.processes.length, processesBefore);
  });

  it('an idle engine asks its PowerShell to close every remote session before ending it', async () => {
    const h = new Harness(okAnswer(() => 1));
    await h.engine.run(echo(), [ssh('A')]);
    await h.engine.dispose();
    const [p] = h.processes;
    assert.match(p!.lines.at(-1)!, /^Close-HvmSessions '[0-9a-f]{32}' \d+$/);
    assert.equal(p!.disposed, true);
  });

  it('LazyRunner.reset while requests wait: they fail with a process error, and only the next request starts a runner', async () => {
    const harnesses: Harness[] = [];
    const runner = new LazyRunner(() => {
      const h = new Harness(harnesses.length === 0 ? () => never() : okAnswer(() => 'new'));
      harnesses.push(h);
      return h.engine;
    });
    const inFlight = runner.run(echo(), [ssh('A')], { timeoutMs: 60_000 });
    const queued = runner.run(echo(), [ssh('B')], { timeoutMs: 60_000 });
    await sleep(30);
    await runner.reset();
    const [[a], [b]] = await Promise.all([inFlight, queued]);
    assert.equal(a?.ok ? '' : a?.error.kind, 'process');
    assert.equal(b?.ok ? '' : b?.error.kind, 'process');
    assert.equal(harnesses[0]!.processes.length, 1, 'the old engine started no second PowerShell');
    assert.equal(harnesses.length, 1);
    const [fresh] = await runner.run(echo(), [ssh('A')]);
    assert.equal(fresh?.ok ? fresh.value : '', 'new');
    assert.equal(harnesses.length, 2);
    await runner.dispose();
  });
});
