import * as assert from 'node:assert/strict';
import { errorDescription, vmDescription, vmTooltip } from '../../../src/core/inventory/tree/rowText';
import { vmDisplayState } from '../../../src/core/inventory/tree/vmState';
import { formatBytes, formatUptime } from '../../../src/core/format/units';
import { vm } from './fixtures';

describe('VM state and descriptions', () => {
  it('maps Hyper-V states to what the user tells apart', () => {
    const cases: [string, string[], string][] = [
      ['Running', ['Ok'], 'running'],
      ['Off', ['Ok'], 'off'],
      ['Saved', ['Ok'], 'saved'],
      ['FastSaved', ['Ok'], 'saved'],
      ['Paused', ['Ok'], 'paused'],
      ['RunningCritical', ['Ok'], 'critical'],
      ['OffCritical', ['Ok'], 'critical'],
      ['Starting', ['Ok'], 'transition'],
      ['Running', ['Ok', 'MigratingVirtualMachine'], 'migrating'],
      ['Running', ['StorageMigrationPhaseOne'], 'migrating'],
    ];
    for (const [state, operationalStatus, expected] of cases) {
      assert.equal(vmDisplayState({ state, operationalStatus }), expected, `${state} ${operationalStatus.join(',')}`);
    }
  });

  it('describes a running VM with state, CPU, memory and uptime, and an off VM with its state only', () => {
    const running = vm('web-01', 'HV-EAST');
    assert.equal(vmDescription(running, 'running'), 'Running · 7% CPU · 4 GB · up 3d 4h');
    const off = vm('app-01', 'HV-EAST', { state: 'Off', cpuUsage: 0, memoryAssignedBytes: 0, uptimeSeconds: 0 });
    assert.equal(vmDescription(off, 'off'), 'Off');
    // State names as people say them, not the enum's spelling.
    assert.equal(
      vmDescription(vm('x', 'h', { state: 'RunningCritical' }), 'critical').split(' · ')[0],
      'Running (critical)',
    );
    assert.equal(
      vmDescription(
        vm('x', 'h', { state: 'FastSaved', cpuUsage: 0, memoryAssignedBytes: 0, uptimeSeconds: 0 }),
        'saved',
      ),
      'Fast saved',
    );
  });

  it('escapes hostile names in tooltips so they render as text', () => {
    const tip = vmTooltip(vm('[click](command:workbench.action.quit) **x**', 'HV-EAST'));
    assert.ok(!tip.includes('](command:'), tip);
    assert.ok(tip.includes('\\[click\\]'), tip);
  });

  it('lists disks, IPs, clustering and checkpoints in the tooltip', () => {
    const tip = vmTooltip(
      vm('db-01', 'PROD-N1', {
        generation: 2,
        version: '10.0',
        isClustered: true,
        ownerNode: 'PROD-N1',
        disks: [
          {
            path: 'C:\\ClusterStorage\\Volume1\\db-01.vhdx',
            passThrough: false,
            sizeBytes: 100 * 1024 ** 3,
            fileSizeBytes: 40 * 1024 ** 3,
            vhdType: 'Dynamic',
            vhdFormat: 'VHDX',
          },
        ],
        adapters: [{ name: 'Network Adapter', ipAddresses: ['10.0.0.9'] }],
        checkpoints: [{ name: 'before-patch', creationTime: '2026-10-01T08:00:00.000Z' }],
      }),
    );
    assert.match(tip, /Generation 2/);
    assert.match(tip, /configuration version 10\\\.0/);
    assert.match(tip, /100 GB \(40 GB on disk\)/);
    assert.match(tip, /10\\\.0\\\.0\\\.9/);
    assert.match(tip, /Clustered, owner node PROD\\-N1/);
    assert.match(tip, /before\\-patch \(2026\\-10\\-01\)/);
  });

  it('names the reason a host did not answer', () => {
    const base = { host: 'h', script: 's', message: 'm' };
    assert.equal(errorDescription({ ...base, kind: 'unreachable', reason: 'nameResolution' }), 'name not resolved');
    assert.equal(errorDescription({ ...base, kind: 'unreachable', reason: 'refused' }), 'connection refused');
    assert.equal(errorDescription({ ...base, kind: 'authentication' }), 'authentication failed');
    assert.equal(errorDescription({ ...base, kind: 'timeout' }), 'timed out');
  });

  it('formats sizes and uptimes as Hyper-V Manager does', () => {
    assert.equal(formatBytes(512 * 1024 ** 2), '512 MB');
    assert.equal(formatBytes(1.5 * 1024 ** 3), '1.5 GB');
    assert.equal(formatBytes(2 * 1024 ** 4), '2 TB');
    assert.equal(formatUptime(59), '1m');
    assert.equal(formatUptime(3 * 3600 + 120), '3h 2m');
  });
});
