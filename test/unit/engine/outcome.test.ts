import { strict as assert } from 'node:assert';
import { decodeRequestLine } from './fakeProcess';
import { echo, Harness, never, sleep, ssh } from './harness';

describe('whether a failed script may have run on the host (outcomeUnknown)', () => {
  it('the request tells the dispatcher whether the operation may be sent twice', async () => {
    const h = new Harness((r) => ({
      ok: true,
      pid: 1,
      results: r.hosts.map((x) => ({ host: x.name, index: x.index, ok: true, ms: 1, json: '{"ok":true,"value":1}' })),
    }));
    await h.engine.run(echo({ Name: 'x' }, true), [ssh('A')]);
    await h.engine.run(echo({ Name: 'x' }, false), [ssh('A')]);
    assert.deepEqual(
      h.requestLines().map((l) => decodeRequestLine(l).idempotent),
      [true, false],
    );
  });

  it("the dispatcher's verdict per host reaches HostErrorInfo: broken mid-run and run timeouts unknown, connect failures not", async () => {
    const h = new Harness(() => ({
      ok: true,
      pid: 1,
      results: [
        {
          host: 'A',
          index: 0,
          ok: false,
          ms: 5,
          error: {
            stage: 'transport',
            outcomeUnknown: true,
            message:
              'The connection broke while echo.ps1 ran; whether it finished on the host is unknown. (The SSH transport process has abruptly terminated.)',
          },
        },
        {
          host: 'B',
          index: 1,
          ok: false,
          ms: 5,
          error: {
            stage: 'timeout',
            outcomeUnknown: true,
            message: 'The request timed out before the host answered; the script may still be running there.',
          },
        },
        {
          host: 'C',
          index: 2,
          ok: false,
          ms: 5,
          error: { stage: 'timeout', message: 'Opening the session did not finish in time.' },
        },
        {
          host: 'D',
          index: 3,
          ok: false,
          ms: 5,
          error: { stage: 'connect', message: 'ssh: connect to host d port 22: Connection refused' },
        },
      ],
    }));
    const results = await h.engine.run(
      echo({ Name: 'x' }, false),
      ['A', 'B', 'C', 'D'].map((n) => ssh(n)),
    );
    const errors = results.map((r) => (r.ok ? undefined : r.error));
    assert.deepEqual(
      errors.map((e) => [e?.kind, e?.outcomeUnknown ?? false]),
      [
        ['unreachable', true],
        ['timeout', true],
        ['timeout', false],
        ['unreachable', false],
      ],
    );
    assert.match(errors[0]!.message, /whether it finished on the host is unknown/);
    assert.match(h.log.at(-1)!.outcome, /A: unreachable\/other \(outcome unknown\)/);
  });

  it('whole-request failures: unknown once the line was sent (process died, cancelled while running), known before', async () => {
    const h = new Harness(() => never());
    const running = h.engine.run(echo(), [ssh('A')], { timeoutMs: 60_000 });
    const cancel = new AbortController();
    const queued = h.engine.run(echo(), [ssh('B')], { timeoutMs: 60_000, signal: cancel.signal });
    await sleep(20);
    cancel.abort();
    h.processes[0]!.die('killed by SIGKILL');
    const [[a], [b]] = await Promise.all([running, queued]);
    assert.deepEqual([a?.ok ? '' : a?.error.kind, a?.ok ? '' : a?.error.outcomeUnknown], ['process', true]);
    assert.deepEqual([b?.ok ? '' : b?.error.kind, b?.ok ? '' : b?.error.outcomeUnknown], ['cancelled', undefined]);
  });
});
