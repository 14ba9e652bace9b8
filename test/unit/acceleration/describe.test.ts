import { strict as assert } from 'node:assert';
import { accelerationSummary } from '../../../src/core/acceleration/accelerationText';
import { adapterDescription, adapterTooltip } from '../../../src/core/inventory/tree/rowText';
import type { AdapterInfo } from '../../../src/core/inventory/inventory';

const adapter = (o: Partial<AdapterInfo>): AdapterInfo => ({
  name: 'Network Adapter',
  switchName: 'vSwitch-Prod',
  ipAddresses: [],
  ...o,
});

describe('acceleration in the tree', () => {
  it('shows IPsec SAs, VMQ and SR-IOV at a glance', () => {
    const a = adapter({ macAddress: '00155D0A0B01', ipsecOffloadMaxSA: 512, vmqWeight: 100, iovWeight: 0 });
    assert.equal(adapterDescription(a), 'vSwitch-Prod · 00-15-5D-0A-0B-01 · IPsec 512 SA · VMQ on · SR-IOV off');
    assert.equal(
      accelerationSummary(adapter({ ipsecOffloadMaxSA: 0, vmqWeight: 0, iovWeight: 100 })),
      'IPsec off · VMQ off · SR-IOV on',
    );
  });

  it('shows nothing from defaults when the host reported no acceleration', () => {
    assert.equal(adapterDescription(adapter({})), 'vSwitch-Prod');
    assert.doesNotMatch(adapterTooltip(adapter({})), /IPsec/);
  });

  it('gives the values and their usage in the tooltip', () => {
    const tip = adapterTooltip(
      adapter({
        ipsecOffloadMaxSA: 512,
        ipsecOffloadSAUsage: 3,
        vmqWeight: 100,
        vmqUsage: 1,
        iovWeight: 100,
        iovUsage: 1,
        iovQueuePairsRequested: 2,
        iovQueuePairsAssigned: 2,
        iovInterruptModeration: 'High',
        vrssEnabled: true,
        vmmqEnabled: true,
        vmmqQueuePairs: 8,
      }),
    );
    assert.match(tip, /IPsec task offload: up to 512 SAs — 3 in use/);
    assert.match(tip, /VMQ: on, weight 100 — in use/);
    assert.match(
      tip,
      /SR-IOV: on, weight 100 — in use, queue pairs 2 requested \/ 2 assigned, interrupt moderation High/,
    );
    assert.match(tip, /vRSS on · VMMQ on, 8 queue pairs/);
    assert.match(
      adapterTooltip(adapter({ ipsecOffloadMaxSA: 0, iovWeight: 50, iovUsage: 0 })),
      /IPsec task offload: off[\s\S]*SR-IOV: on, weight 50 — not in use/,
    );
  });
});
