import { strict as assert } from 'node:assert';
import { parseDispatcherOutput, ResponseFormatError } from '../../../src/engine/response';
import { okAnswer } from './fakeProcess';
import { echo, Harness, ssh } from './harness';

const NONCE = '0123456789abcdef0123456789abcdef';

/** What a host could print to get taken for the dispatcher's answer: a plausible answer for every index. */
function forged(hosts: number, nonce?: string): string {
  const results = Array.from({ length: hosts }, (_, index) => ({
    host: 'FORGED',
    index,
    ok: true,
    ms: 1,
    json: JSON.stringify({ ok: true, value: 'forged' }),
  }));
  return JSON.stringify({ ...(nonce ? { nonce } : {}), ok: true, pid: 1, results });
}

describe('answers cannot be forged', () => {
  it('parseDispatcherOutput takes the line with the request nonce, not the first line that looks like an answer', () => {
    const real = JSON.stringify({ ok: true, nonce: NONCE, pid: 7, results: [] });
    const out = parseDispatcherOutput(
      `${forged(3)}\n${forged(3, 'ffffffffffffffffffffffffffffffff')}\n${real}\n${forged(3, NONCE)}\n`,
      NONCE,
    );
    assert.equal(out.response.pid, 7);
    assert.equal(out.strayLines.length, 3);
    assert.throws(() => parseDispatcherOutput(`${forged(3)}\n`, NONCE), ResponseFormatError);
  });

  it('a forged answer printed before the real one (a host banner, a remote Write-Host) changes no host result', async () => {
    const h = new Harness(
      okAnswer((_p, host) => `real ${host}`),
      { noise: () => forged(3) },
    );
    const results = await h.engine.run(echo(), [ssh('A'), ssh('B'), ssh('C')]);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value : r.error.message)),
      ['real A', 'real B', 'real C'],
    );
  });

  it('without any line carrying the nonce the request fails with kind process, never with forged values', async () => {
    const h = new Harness(() => 'not an object', { noise: () => forged(2) });
    const results = await h.engine.run(echo(), [ssh('A'), ssh('B')]);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value : r.error.kind)),
      ['process', 'process'],
    );
  });
});

describe("one host's bad answer fails that host alone", () => {
  const answers =
    (json: (host: string) => string) => (request: { hosts: readonly { name: string; index: number }[] }) => ({
      ok: true,
      pid: 1,
      results: request.hosts.map((x) => ({ host: x.name, index: x.index, ok: true, ms: 2, json: json(x.name) })),
    });

  it('malformed JSON from one host: that host fails with a clear error naming it; the others keep their values', async () => {
    const h = new Harness(
      answers((host) => (host === 'B' ? '{"ok":true,"value":{not json' : JSON.stringify({ ok: true, value: host }))),
    );
    const results = await h.engine.run(echo(), [ssh('A'), ssh('B'), ssh('C')]);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value : r.error.kind)),
      ['A', 'command', 'C'],
    );
    const b = results[1]!;
    assert.ok(!b.ok);
    assert.equal(b.error.host, 'B');
    assert.equal(b.error.fullyQualifiedErrorId, 'MalformedAnswer');
    assert.match(b.error.message, /^B sent a malformed answer to echo\.ps1: .*not JSON/);
    // What the script did there is not known: the caller must ask before sending a non-idempotent one again.
    assert.equal(b.error.outcomeUnknown, true);
  });

  it('an unknown shape, or an answer without a value, is malformed too', async () => {
    const shapes: Record<string, string> = {
      A: '[1,2]',
      B: '{"value":1}',
      C: '{"ok":true}',
      D: JSON.stringify({ ok: true, value: 'fine' }),
    };
    const h = new Harness(answers((host) => shapes[host]!));
    const results = await h.engine.run(
      echo(),
      ['A', 'B', 'C', 'D'].map((n) => ssh(n)),
    );
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value : r.error.fullyQualifiedErrorId)),
      ['MalformedAnswer', 'MalformedAnswer', 'MalformedAnswer', 'fine'],
    );
  });

  it('{"ok":false} without a message: a clear error for that host, not "undefined"', async () => {
    const h = new Harness(answers((host) => (host === 'A' ? '{"ok":false}' : JSON.stringify({ ok: true, value: 2 }))));
    const [a, b] = await h.engine.run(echo(), [ssh('A'), ssh('B')]);
    assert.ok(a && !a.ok);
    assert.equal(a.error.kind, 'command');
    assert.equal(a.error.host, 'A');
    assert.equal(a.error.message, 'The host reported an error without a message.');
    assert.equal(b?.ok, true);
  });
});
