import { strict as assert } from 'node:assert';
import { defaultSettings, type HostFacts } from '../../../src/core/acceleration/model';
import { accelerationWarnings } from '../../../src/core/acceleration/warnings';

const running: HostFacts = { vmState: 'Running', switchName: 'vSwitch-Prod', switchIovEnabled: true };

describe('acceleration warnings', () => {
  it('says nothing when every value can take effect', () => {
    assert.deepEqual(accelerationWarnings(defaultSettings, { ipsecOffloadMaxSA: 0 }, running), []);
  });

  it('says SR-IOV cannot take effect on a switch without SR-IOV, or without a switch', () => {
    assert.deepEqual(
      accelerationWarnings(defaultSettings, { iovWeight: 100 }, { ...running, switchIovEnabled: false }),
      [
        'SR-IOV cannot take effect: switch vSwitch-Prod has SR-IOV disabled (it can only be enabled when the switch is created).',
        "VM is running: the guest's traffic moves between the SR-IOV virtual function and the synthetic path; expect a brief interruption.",
      ],
    );
    const w = accelerationWarnings(defaultSettings, { iovWeight: 50 }, { vmState: 'Off' });
    assert.ok(w.includes('SR-IOV cannot take effect: the adapter is not connected to a switch.'), w.join('\n'));
    assert.ok(
      w.includes('VM is Off: the settings are stored and take effect when it runs; usage stays at 0 until then.'),
      w.join('\n'),
    );
  });

  it('warns about VMMQ without vRSS, IOV settings without SR-IOV, and more SAs than hosts commonly take', () => {
    assert.ok(
      accelerationWarnings(defaultSettings, { vmmqEnabled: true, vrssEnabled: false }, running).includes(
        'VMMQ cannot take effect: vRSS is off.',
      ),
    );
    assert.ok(
      accelerationWarnings(defaultSettings, { iovQueuePairsRequested: 4 }, running)[0]?.startsWith(
        'IOV queue pairs and interrupt moderation take effect only',
      ),
    );
    assert.match(accelerationWarnings(defaultSettings, { ipsecOffloadMaxSA: 5000 }, running)[0]!, /More than 4096/);
  });
});
