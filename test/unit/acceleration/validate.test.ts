import { strict as assert } from 'node:assert';
import { parseNumberInput, validateChange } from '../../../src/core/acceleration/validate';
import { defaultSettings, type AccelerationChange } from '../../../src/core/acceleration/model';

const reasons = (c: unknown): string[] => validateChange(c as AccelerationChange).map((p) => `${p.field}: ${p.reason}`);

describe('acceleration validation', () => {
  it('accepts every documented boundary and the defaults', () => {
    assert.deepEqual(reasons(defaultSettings), []);
    assert.deepEqual(
      reasons({ ipsecOffloadMaxSA: 0, vmqWeight: 0, iovWeight: 0, iovQueuePairsRequested: 1, vmmqQueuePairs: 1 }),
      [],
    );
    assert.deepEqual(reasons({ vmqWeight: 100, iovWeight: 100, ipsecOffloadMaxSA: 4294967295 }), []);
    for (const m of ['Default', 'Adaptive', 'Off', 'Low', 'Medium', 'High'])
      assert.deepEqual(reasons({ iovInterruptModeration: m }), []);
  });

  it('refuses out-of-range, fractional and mistyped values with the reason', () => {
    assert.deepEqual(reasons({ vmqWeight: 101 }), [
      'vmqWeight: VMQ weight must be between 0 and 100 (0–100; 0 turns VMQ off).',
    ]);
    assert.deepEqual(reasons({ iovWeight: -1 }), [
      'iovWeight: SR-IOV weight must be between 0 and 100 (0–100; 0 turns SR-IOV off).',
    ]);
    assert.deepEqual(reasons({ iovQueuePairsRequested: 0 }), [
      'iovQueuePairsRequested: IOV queue pairs requested must be at least 1 (at least 1).',
    ]);
    assert.deepEqual(reasons({ vmmqQueuePairs: 0 }), [
      'vmmqQueuePairs: VMMQ queue pairs must be at least 1 (at least 1).',
    ]);
    assert.deepEqual(reasons({ ipsecOffloadMaxSA: 4294967296 }).length, 1);
    assert.match(reasons({ vmqWeight: 1.5 })[0]!, /whole number/);
    assert.match(reasons({ vmqWeight: Number.NaN })[0]!, /must be a number/);
    assert.match(reasons({ vmqWeight: '50' })[0]!, /must be a number/);
    assert.match(reasons({ vrssEnabled: 'yes' })[0]!, /vRSS must be on or off/);
    assert.match(
      reasons({ iovInterruptModeration: 'Extreme' })[0]!,
      /must be one of Default, Adaptive, Off, Low, Medium, High/,
    );
    assert.match(reasons({ VmqWeight: 5 })[0]!, /Unknown setting "VmqWeight"/);
  });

  it('refuses an empty change: nothing to send', () => {
    assert.deepEqual(reasons({}), ['change: Nothing to change.']);
  });

  it('reads typed text: digits only', () => {
    assert.deepEqual(parseNumberInput('ipsecOffloadMaxSA', ' 0 '), { value: 0 });
    assert.deepEqual(parseNumberInput('vmqWeight', '100'), { value: 100 });
    for (const bad of ['', '-1', '1e2', '0x10', '5.0', '12abc', '١٢']) {
      assert.ok('reason' in parseNumberInput('vmqWeight', bad), bad);
    }
    assert.match((parseNumberInput('vmqWeight', '101') as { reason: string }).reason, /between 0 and 100/);
  });
});
