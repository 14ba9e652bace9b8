import * as assert from 'node:assert/strict';
import { evaluateReadiness } from '../../../src/core/readiness/evaluate';
import { dispatchReadinessMessage, type ReadinessHandlers } from '../../../src/core/readiness/panelMessages';
import { parseReadinessState, parseReadinessPageMessage } from '../../../src/core/readiness/protocol';
import { toReadinessView } from '../../../src/core/readiness/view';
import { host } from './facts';

describe('readiness panel: messages checked on arrival', () => {
  it('accepts exactly the page messages the protocol defines', () => {
    assert.deepEqual(parseReadinessPageMessage({ type: 'fix', id: 'HV-B/migration' }), {
      type: 'fix',
      id: 'HV-B/migration',
    });
    assert.deepEqual(parseReadinessPageMessage({ type: 'recheck' }), { type: 'recheck' });
    for (const bad of [
      null,
      'fix',
      { type: 'fix' },
      { type: 'fix', id: '' },
      { type: 'fix', id: 'x'.repeat(601) },
      { type: 'fix', id: 3 },
      { type: 'recheck', extra: 1 },
      { type: 'run', script: 'Remove-VM' },
    ]) {
      assert.equal(parseReadinessPageMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('drops and logs a malformed message; a good one reaches only its handler', () => {
    const calls: string[] = [];
    const errors: string[] = [];
    const handlers: ReadinessHandlers = {
      ready: () => calls.push('ready'),
      recheck: () => calls.push('recheck'),
      showLog: () => calls.push('showLog'),
      copyAll: () => calls.push('copyAll'),
      fix: (m) => calls.push(`fix ${m.id}`),
      copy: (m) => calls.push(`copy ${m.id}`),
    };
    assert.equal(
      dispatchReadinessMessage({ type: 'fix', id: 'a', more: true }, handlers, { error: (e) => errors.push(e) }),
      false,
    );
    assert.equal(
      dispatchReadinessMessage({ type: 'copy', id: 'HV-A/firewall/VIRT-MIGL-In-TCP-NoScope' }, handlers, {
        error: (e) => errors.push(e),
      }),
      true,
    );
    assert.deepEqual(calls, ['copy HV-A/firewall/VIRT-MIGL-In-TCP-NoScope']);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /dropped a malformed message/);
  });

  it("the state the extension sends passes the page's guard; a tampered one does not", () => {
    const report = evaluateReadiness([host('HV-A'), host('HV-B', { migration: { enabled: false } })]);
    const state = { type: 'state', ...toReadinessView({ report, checkedAt: 0, running: false }) };
    const parsed = parseReadinessState(JSON.parse(JSON.stringify(state)));
    assert.ok(parsed);
    const check = parsed.hosts.find((h) => h.title === 'HV-B')!.checks.find((c) => c.id === 'HV-B/migration')!;
    assert.equal(check.fixLabel, 'Turn On Live Migration on HV-B');
    assert.equal(check.copyable, true);
    assert.equal(parsed.pairs[0]!.title, 'HV-A → HV-B');
    assert.equal(parseReadinessState({ ...state, html: '<img src=x>' }), undefined);
    assert.equal(parseReadinessState({ ...state, counts: { ...state.counts, fail: -1 } }), undefined);
    const bad = JSON.parse(JSON.stringify(state)) as { hosts: { checks: { status: string }[] }[] };
    bad.hosts[0]!.checks[0]!.status = 'bogus';
    assert.equal(parseReadinessState(bad), undefined);
  });

  it('the view carries no script and no action: those stay on the extension side', () => {
    const report = evaluateReadiness([host('HV-A', { directory: { allowedToDelegateTo: [] } }), host('HV-B')]);
    const text = JSON.stringify(toReadinessView({ report, running: false }));
    assert.doesNotMatch(text, /Set-ADComputer|addDelegation|runOn/);
  });
});
