import * as assert from 'node:assert/strict';
import { parseInventory } from '../../../src/core/inventory/operations/getInventory';

describe('inventory parsing', () => {
  const host = { name: 'HV-EAST', memoryCapacityBytes: 274877906944 };

  it('reads what a host returns, including PowerShell one-element arrays written as the element', () => {
    const inv = parseInventory({
      host,
      cluster: null,
      switches: { name: 'vSwitch-Prod', switchType: 'External', iovEnabled: true },
      vms: {
        id: 'AAAAAAAA-0000-0000-0000-000000000001',
        name: 'web-01',
        state: 'Running',
        operationalStatus: 'Ok',
        cpuUsage: 3,
        memoryAssignedBytes: 4294967296,
        uptimeSeconds: 60,
        isClustered: false,
        disks: { path: 'D:\\VMs\\web-01.vhdx', passThrough: false, sizeBytes: 1, fileSizeBytes: 1 },
        adapters: {
          name: 'Network Adapter',
          switchName: 'vSwitch-Prod',
          ipAddresses: '10.0.0.1',
          ipsecOffloadMaxSA: 512,
        },
        checkpoints: null,
      },
    });
    assert.equal(inv.vms.length, 1);
    const vm = inv.vms[0]!;
    assert.equal(vm.id, 'aaaaaaaa-0000-0000-0000-000000000001');
    assert.equal(vm.host, 'HV-EAST');
    assert.deepEqual(vm.operationalStatus, ['Ok']);
    assert.deepEqual(vm.adapters[0]!.ipAddresses, ['10.0.0.1']);
    assert.equal(vm.adapters[0]!.ipsecOffloadMaxSA, 512);
    assert.deepEqual(vm.checkpoints, []);
    assert.equal(inv.switches[0]!.iovEnabled, true);
  });

  it('names the path of what is wrong when a host answers an unexpected shape', () => {
    assert.throws(
      () => parseInventory({ host: {}, vms: [] }),
      /inventory\.host\.name: expected a string, got undefined/,
    );
    assert.throws(
      () => parseInventory({ host, switches: [], vms: [{ id: 'x', name: 42, state: 'Running' }] }),
      /inventory\.vms\[0\]\.name: expected a string, got number/,
    );
  });
});
