import * as assert from 'node:assert/strict';
import { parsePageMessage, type PageToExtension } from '../../../src/core/acceleration/protocol';
import { checkMessage, dispatchTo, receiveMessage, type Handlers } from '../../../src/core/webview/receive';

describe('webview receive path (shared by every panel and page)', () => {
  function recorder(): {
    handlers: Handlers<PageToExtension>;
    calls: string[];
    errors: string[];
    log: { error(m: string): void };
  } {
    const calls: string[] = [];
    const errors: string[] = [];
    const handlers: Handlers<PageToExtension> = {
      ready: () => calls.push('ready'),
      apply: (m) => calls.push(`apply ${JSON.stringify(m.values)}`),
      copyAsPowerShell: (m) => calls.push(`copy ${JSON.stringify(m.values)}`),
    };
    return { handlers, calls, errors, log: { error: (m) => errors.push(m) } };
  }

  it('hands each checked message to the handler of its type, and only to it', () => {
    const r = recorder();
    assert.equal(receiveMessage({ type: 'ready' }, parsePageMessage, r.handlers, r.log, 'Acceleration editor'), true);
    assert.equal(
      receiveMessage(
        { type: 'apply', values: { vrssEnabled: true } },
        parsePageMessage,
        r.handlers,
        r.log,
        'Acceleration editor',
      ),
      true,
    );
    dispatchTo({ type: 'copyAsPowerShell', values: {} }, r.handlers);
    assert.deepEqual(r.calls, ['ready', 'apply {"vrssEnabled":true}', 'copy {}']);
    assert.deepEqual(r.errors, []);
  });

  it("drops a message the guard refuses and logs it under the panel's name, shortened; a cyclic one too", () => {
    const r = recorder();
    assert.equal(
      receiveMessage(
        { type: 'apply', values: { vrssEnabled: 'yes' }, pad: 'x'.repeat(10_000) },
        parsePageMessage,
        r.handlers,
        r.log,
        'Acceleration editor',
      ),
      false,
    );
    assert.equal(
      receiveMessage({ type: 'constructor' }, parsePageMessage, r.handlers, r.log, 'Acceleration editor'),
      false,
    );
    const cyclic: Record<string, unknown> = { type: 'ready' };
    cyclic.self = cyclic;
    assert.equal(checkMessage(cyclic, parsePageMessage, r.log, 'Acceleration editor'), undefined);
    assert.deepEqual(r.calls, []);
    assert.equal(r.errors.length, 3);
    for (const e of r.errors) assert.match(e, /^Acceleration editor: dropped a malformed message from the webview: /);
    assert.ok((r.errors[0]?.length ?? 0) < 500);
  });
});
