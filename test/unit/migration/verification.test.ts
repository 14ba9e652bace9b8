import * as assert from 'node:assert/strict';
import type { VmPresence } from '../../../src/core/migration/operations/locateVm';
import { expectedDiskPaths } from '../../../src/core/migration/rules';
import { judgeMove } from '../../../src/core/migration/verification';

const plan = {
  kind: 'sharedNothing' as const,
  sourceHost: 'HV-A',
  destinationHost: 'HV-B',
  expectedState: 'Running',
  expectedDiskPaths: ['E:\\VMs\\web-01\\web-01.vhdx'],
};
const at = (
  host: string,
  state = 'Running',
  disks = ['E:\\VMs\\web-01\\web-01.vhdx'],
  isClustered = false,
): VmPresence => ({
  host,
  found: true,
  name: 'web-01',
  state,
  isClustered,
  diskPaths: disks,
  operationalStatus: ['Ok'],
});
const none = (host: string): VmPresence => ({ host, found: false });

describe('the end of a move is read from the hosts', () => {
  it('success: on the destination, in the state it had, disks where planned (paths compare like Windows)', () => {
    const v = judgeMove(plan, none('HV-A'), at('HV-B', 'Running', ['e:\\vms\\web-01\\WEB-01.vhdx']));
    assert.equal(v.ok, true);
  });

  it('still on the source: not a success, and says where it is', () => {
    const v = judgeMove(plan, at('HV-A', 'Running', ['D:\\x.vhdx']), none('HV-B'));
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.atSource, true);
    assert.match(!v.ok ? v.reason : '', /still on HV-A \(Running\)/);
  });

  it('on the destination but in another state, or with disks elsewhere, is not a success', () => {
    assert.match(
      (judgeMove(plan, none('HV-A'), at('HV-B', 'Off')) as { reason: string }).reason,
      /Off; it was Running/,
    );
    assert.match(
      (judgeMove(plan, none('HV-A'), at('HV-B', 'Running', ['D:\\web-01.vhdx'])) as { reason: string }).reason,
      /not at E:/,
    );
  });

  it('registered on both hosts is never a success', () => {
    assert.equal(judgeMove(plan, at('HV-A'), at('HV-B')).ok, false);
  });

  it('found nowhere says so', () => {
    assert.match((judgeMove(plan, none('HV-A'), none('HV-B')) as { reason: string }).reason, /neither/);
  });

  it('a storage move into a folder typed with a trailing space succeeds where Windows put the disks (issue 12 item 7)', () => {
    const vm = {
      id: 'x',
      name: 'web-01',
      host: 'HV-A',
      disks: [{ path: 'D:\\VMs\\web-01\\web-01.vhdx', passThrough: false }],
    } as unknown as Parameters<typeof expectedDiskPaths>[0];
    const expected = expectedDiskPaths(
      vm,
      { mode: 'folder', path: 'E:\\VMs\\x ' },
      {} as Parameters<typeof expectedDiskPaths>[2],
    )!;
    const storagePlan = {
      kind: 'storage' as const,
      sourceHost: 'HV-A',
      destinationHost: 'HV-A',
      expectedState: 'Running',
      expectedDiskPaths: expected,
    };
    for (const reported of [
      'E:\\VMs\\x\\web-01.vhdx',
      'E:\\VMs\\x \\web-01.vhdx',
      'e:/vms/X/web-01.vhdx',
      'E:\\VMs\\.\\x\\web-01.vhdx.',
    ]) {
      const v = judgeMove(storagePlan, at('HV-A', 'Running', [reported]), at('HV-A', 'Running', [reported]));
      assert.equal(v.ok, true, `${reported}: ${v.ok ? '' : v.reason}`);
    }
    assert.equal(judgeMove(storagePlan, at('HV-A'), at('HV-A', 'Running', ['E:\\VMs\\y\\web-01.vhdx'])).ok, false);
  });
});
