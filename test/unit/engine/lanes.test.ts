import { strict as assert } from 'node:assert';
import type { DispatcherRequest } from '../../../src/engine/payload';
import { decodeRequestLine, okAnswer } from './fakeProcess';
import { echo, Harness, never, sleep, ssh } from './harness';

/** Answers like okAnswer, but a request for host SLOW waits until released. */
function slowFor(name: string): { answer: (r: DispatcherRequest) => unknown; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const ok = okAnswer((_p, host) => host);
  return { answer: (r) => (r.hosts.some((x) => x.name === name) ? gate.then(() => ok(r)) : ok(r)), release };
}

const refused = (request: DispatcherRequest, unreachable: string): unknown => ({
  ok: true,
  pid: 1,
  results: request.hosts.map((x) =>
    x.name === unreachable
      ? {
          host: x.name,
          index: x.index,
          ok: false,
          ms: 3,
          error: { stage: 'connect', message: `ssh: connect to host ${x.name} port 22: Connection refused` },
        }
      : { host: x.name, index: x.index, ok: true, ms: 3, json: JSON.stringify({ ok: true, value: x.name }) },
  ),
});

describe('lanes: polls never wait behind a slow refresh', () => {
  it("a request's time counts from when it is sent, not from when it was queued", async () => {
    const slow = slowFor('SLOW');
    const h = new Harness(slow.answer);
    const first = h.engine.run(echo(), [ssh('SLOW')], { timeoutMs: 60_000 });
    const second = h.engine.run(echo(), [ssh('A')], { timeoutMs: 1_000 });
    await sleep(400);
    slow.release();
    await first;
    const [r] = await second;
    assert.equal(r?.ok, true);
    const sent = decodeRequestLine(h.requestLines()[1]!);
    assert.ok(sent.timeoutMs > 900, `the dispatcher was given ${sent.timeoutMs} ms of the 1000`);
  });

  it('a request that waits in the queue past its time fails with kind busy, unsent, and says the host was not contacted', async () => {
    const h = new Harness(() => never());
    void h.engine.run(echo(), [ssh('SLOW')], { timeoutMs: 60_000 });
    const [r] = await h.engine.run(echo(), [ssh('A')], { timeoutMs: 200 });
    assert.ok(r && !r.ok);
    assert.equal(r.error.kind, 'busy');
    assert.equal(r.error.outcomeUnknown, undefined);
    assert.match(r.error.message, /not contacted/);
    assert.equal(h.requestLines().length, 1, 'never written to PowerShell');
    await h.engine.dispose();
  });

  it('the urgent lane has its own PowerShell, started only when first used, and answers while the default lane is busy', async () => {
    const slow = slowFor('SLOW');
    const h = new Harness(slow.answer);
    const refresh = h.engine.run(echo(), [ssh('SLOW'), ssh('A')], { timeoutMs: 60_000 });
    await sleep(50);
    assert.equal(h.processes.length, 1, 'no second process before an urgent request');
    const started = Date.now();
    const [poll] = await h.engine.run(echo(), [ssh('A')], { timeoutMs: 60_000, lane: 'urgent' });
    assert.equal(poll?.ok, true);
    assert.ok(Date.now() - started < 2_000);
    assert.equal(h.processes.length, 2);
    assert.notEqual(h.engine.processId('urgent'), h.engine.processId('default'));
    slow.release();
    assert.deepEqual(
      (await refresh).map((r) => r.ok),
      [true, true],
    );
    await h.engine.run(echo(), [ssh('A')], { lane: 'urgent' });
    assert.equal(h.processes.length, 2, 'the urgent lane keeps its process');
  });

  it('an urgent request takes the idle default lane, on its warm sessions: no second process, none opened again', async () => {
    const slow = slowFor('SLOW');
    const h = new Harness(slow.answer);
    await h.engine.run(echo(), [ssh('A'), ssh('B')], { timeoutMs: 60_000 });
    const [poll] = await h.engine.run(echo(), [ssh('A')], { timeoutMs: 60_000, lane: 'urgent' });
    assert.equal(poll?.ok, true);
    assert.equal(h.processes.length, 1, 'the poll ran on the process that already had a session to A');
    assert.equal(h.engine.processId('urgent'), undefined);
    // Once the default lane is busy, the next urgent request does not wait: it gets its own process.
    const refresh = h.engine.run(echo(), [ssh('SLOW')], { timeoutMs: 60_000 });
    const [second] = await h.engine.run(echo(), [ssh('A')], { timeoutMs: 60_000, lane: 'urgent' });
    assert.equal(second?.ok, true);
    assert.equal(h.processes.length, 2);
    slow.release();
    await refresh;
    await h.engine.dispose();
  });
});

describe('back-off of hosts that keep failing to connect', () => {
  it('after 3 failures in a row a host fails at once, unsent, with when it is tried again; the others still run', async () => {
    const clock = 0;
    const h = new Harness((r) => refused(r, 'DEAD'), { now: () => clock });
    for (let i = 0; i < 3; i++) await h.engine.run(echo(), [ssh('DEAD'), ssh('A')]);
    const [dead, a] = await h.engine.run(echo(), [ssh('DEAD'), ssh('A')]);
    assert.ok(dead && !dead.ok);
    assert.equal(dead.error.kind, 'unreachable');
    assert.equal(dead.error.reason, 'refused');
    assert.match(
      dead.error.message,
      /^Not tried again until .*: the last 3 attempts to connect failed \(.*Connection refused.*\)\. Retry to try now\.$/,
    );
    assert.equal(a?.ok, true);
    const last = decodeRequestLine(h.requestLines().at(-1)!);
    assert.deepEqual(
      last.hosts.map((x) => x.name),
      ['A'],
      'the held host was not sent',
    );
    assert.match(h.log.at(-1)!.outcome, /DEAD: unreachable\/refused/);
  });

  it("the user's retry (retryNow) tries a held host at once; an answer ends the hold", async () => {
    const clock = 0;
    let down = true;
    const h = new Harness((r) => (down ? refused(r, 'DEAD') : okAnswer((_p, host) => host)(r)), { now: () => clock });
    for (let i = 0; i < 3; i++) await h.engine.run(echo(), [ssh('DEAD')]);
    assert.equal((await h.engine.run(echo(), [ssh('DEAD')]))[0]?.ok, false);
    const sentBefore = h.requestLines().length;
    down = false;
    const [retried] = await h.engine.run(echo(), [ssh('DEAD')], { retryNow: true });
    assert.equal(retried?.ok, true);
    assert.equal(h.requestLines().length, sentBefore + 1);
    const [after] = await h.engine.run(echo(), [ssh('DEAD')]);
    assert.equal(after?.ok, true, 'no hold after an answer');
  });

  it('the hold ends by itself and grows while the host keeps failing', async () => {
    let clock = 0;
    const h = new Harness((r) => refused(r, 'DEAD'), { now: () => clock });
    for (let i = 0; i < 3; i++) await h.engine.run(echo(), [ssh('DEAD')]);
    const sent = (): number => h.requestLines().length;
    await h.engine.run(echo(), [ssh('DEAD')]);
    assert.equal(sent(), 3);
    clock += 30_001;
    await h.engine.run(echo(), [ssh('DEAD')]);
    assert.equal(sent(), 4, 'tried again once the first hold (30 s) ended');
    clock += 30_001;
    await h.engine.run(echo(), [ssh('DEAD')]);
    assert.equal(sent(), 4, 'the next hold is longer (60 s)');
  });

  it('an authentication failure or a script error is an answer: no hold', async () => {
    const clock = 0;
    const h = new Harness(
      (r) => ({
        ok: true,
        pid: 1,
        results: r.hosts.map((x) => ({
          host: x.name,
          index: x.index,
          ok: false,
          ms: 1,
          error: { stage: 'connect', message: 'admin@h: Permission denied (publickey).' },
        })),
      }),
      { now: () => clock },
    );
    for (let i = 0; i < 5; i++) await h.engine.run(echo(), [ssh('H')]);
    assert.equal(h.requestLines().length, 5);
  });
});
