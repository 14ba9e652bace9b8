import * as assert from 'node:assert/strict';
import {
  configurationKey,
  folderSuggestions,
  perDiskItems,
  perDiskPlacement,
  roomFor,
  volumeFor,
  type VolumeSpace,
} from '../../../src/core/migration/perDiskPlan';
import { folderChoiceText, itemText } from '../../../src/core/migration/view/folderChoice';
import { placementText } from '../../../src/core/migration/placement';
import { evaluatePreflight, destinationPaths } from '../../../src/core/migration/preflight';
import { planMove } from '../../../src/core/migration/rules';
import { migrationScript } from '../../../src/core/migration/view/copyAsPowerShell';
import { storageTargetOf } from '../../../src/core/migration/view/jobView';
import { readVolumes } from '../../../src/core/migration/operations/readVolumes';
import type { MigrationJob, MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import type { DestinationFacts, SourceFacts } from '../../../src/core/migration/preflightFacts';
import { disk, estate, GB } from './estate';
import { vm } from '../core/fixtures';

const e = estate();
// web-01 on HV-A: D:\VMs\web-01\web-01.vhdx and D:\VMs\web-01\data.vhdx, each 10 GB of file, 40 GB max.
const items = perDiskItems(e.web);
const [os, data, config] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];
const volumes: VolumeSpace[] = [
  { root: 'C:\\', freeBytes: 100 * GB },
  { root: 'E:\\', freeBytes: 15 * GB },
  { root: 'C:\\ClusterStorage\\Volume1', freeBytes: 5 * GB },
];

function planOf(request: Partial<MoveRequest>): MigrationPlan {
  const r = planMove(
    { vm: { id: e.web.id, name: e.web.name, host: 'HV-A' }, destination: { type: 'host', host: 'HV-B' }, ...request },
    e.topology,
  );
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join(' '));
  return r.plan;
}

describe('choosing a folder for each disk', () => {
  it('asks about each disk with a file (never a pass-through disk), then the configuration', () => {
    const withPassThrough = vm('pt-01', 'HV-A', {
      path: 'D:\\VMs\\pt-01',
      disks: [disk('D:\\VMs\\pt-01\\pt-01.vhdx'), { path: '', passThrough: true }],
    });
    assert.deepEqual(
      perDiskItems(withPassThrough).map((i) => [i.kind, i.name, i.current]),
      [
        ['disk', 'pt-01.vhdx', 'D:\\VMs\\pt-01'],
        ['configuration', 'configuration, checkpoints and smart paging', 'D:\\VMs\\pt-01'],
      ],
    );
    assert.equal(itemText(os), 'web-01.vhdx (file 10 GB, max 40 GB)');
    assert.equal(itemText(config), 'configuration, checkpoints and smart paging');
  });

  it('a move to another host names every disk, in its folder under its own file name, and the configuration', () => {
    const p = perDiskPlacement(
      items,
      { [os.key]: 'E:\\Disks', [data.key]: 'F:\\Data', [configurationKey]: 'C:\\VMs\\web-01' },
      false,
    );
    assert.deepEqual(p, {
      mode: 'perDisk',
      virtualMachinePath: 'C:\\VMs\\web-01',
      snapshotFilePath: 'C:\\VMs\\web-01',
      smartPagingFilePath: 'C:\\VMs\\web-01',
      disks: [
        { source: 'D:\\VMs\\web-01\\web-01.vhdx', destination: 'E:\\Disks\\web-01.vhdx' },
        { source: 'D:\\VMs\\web-01\\data.vhdx', destination: 'F:\\Data\\data.vhdx' },
      ],
    });
  });

  it('a storage move names only what changes folder; with nothing changing, the rules refuse it', () => {
    const answers = { [os.key]: 'd:\\vms\\web-01', [data.key]: 'E:\\Data', [configurationKey]: 'D:\\VMs\\web-01\\' };
    assert.deepEqual(perDiskPlacement(items, answers, true), {
      mode: 'perDisk',
      disks: [{ source: 'D:\\VMs\\web-01\\data.vhdx', destination: 'E:\\Data\\data.vhdx' }],
    });
    const unchanged = perDiskPlacement(items, { ...answers, [data.key]: 'D:\\VMs\\web-01' }, true);
    const r = planMove(
      { vm: { id: e.web.id, name: 'web-01', host: 'HV-A' }, destination: { type: 'sameHost' }, storage: unchanged },
      e.topology,
    );
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => p.code), ['storageMoveNeedsPath']);
  });

  it('adds up the disks placed on one volume: each fits alone, both together do not', () => {
    const alone = roomFor(items, {}, volumes, os, 'E:\\A', false);
    assert.deepEqual([alone.volume?.root, alone.neededBytes / GB, alone.short], ['E:\\', 10, false]);
    // data.vhdx already on E:\B: web-01.vhdx in E:\A needs 20 GB of E:\'s 15 GB
    const together = roomFor(items, { [data.key]: 'e:\\B' }, volumes, os, 'E:\\A', false);
    assert.deepEqual([together.neededBytes / GB, together.short], [20, true]);
    // another volume does not count, and the item's earlier answer is replaced by the folder offered
    const apart = roomFor(items, { [data.key]: 'C:\\B', [os.key]: 'E:\\A' }, volumes, os, 'E:\\Z', false);
    assert.deepEqual([apart.neededBytes / GB, apart.short], [10, false]);
  });

  it('a folder on a cluster shared volume counts against that volume, not against C:\\', () => {
    assert.equal(volumeFor('C:\\ClusterStorage\\Volume1\\web', volumes)?.root, 'C:\\ClusterStorage\\Volume1');
    assert.equal(volumeFor('C:\\ClusterStorage\\Volume2\\web', volumes)?.root, 'C:\\');
    const r = roomFor(items, {}, volumes, os, 'C:\\ClusterStorage\\Volume1\\web', false);
    assert.equal(r.short, true);
  });

  it('on a storage move a disk left where it is takes no room', () => {
    const r = roomFor(
      items,
      { [data.key]: 'D:\\VMs\\web-01' },
      [{ root: 'D:\\', freeBytes: 12 * GB }],
      os,
      'D:\\New',
      true,
    );
    assert.deepEqual([r.neededBytes / GB, r.short], [10, false]);
  });

  it('suggests the default folder, the folders other items were given, then where the item is now; each once', () => {
    const defaults = { disk: 'D:\\Hyper-V\\Virtual Hard Disks', configuration: 'D:\\Hyper-V' };
    assert.deepEqual(
      folderSuggestions(os, items, { [data.key]: 'E:\\Data', [configurationKey]: 'd:\\hyper-v' }, defaults),
      ['D:\\Hyper-V\\Virtual Hard Disks', 'E:\\Data', 'd:\\hyper-v', 'D:\\VMs\\web-01'],
    );
    assert.deepEqual(folderSuggestions(config, items, { [os.key]: 'D:\\Hyper-V' }, defaults), [
      'D:\\Hyper-V',
      'D:\\VMs\\web-01',
    ]);
    // Coming back to an item: what it was given comes first (and is the active item).
    assert.deepEqual(folderSuggestions(os, items, { [os.key]: 'F:\\Mine' }, defaults), [
      'F:\\Mine',
      'D:\\Hyper-V\\Virtual Hard Disks',
      'D:\\VMs\\web-01',
    ]);
  });

  it('shows each folder with its volume and free space, and warns in the item when the volume lacks room', () => {
    const o = { host: 'HV-B', volumesKnown: true, stays: false };
    const fits = folderChoiceText('E:\\A', roomFor(items, {}, volumes, os, 'E:\\A', false), o);
    assert.deepEqual(fits, { description: 'E:\\ · 15 GB free' });
    const short = folderChoiceText('E:\\A', roomFor(items, { [data.key]: 'E:\\B' }, volumes, os, 'E:\\A', false), o);
    assert.equal(short.warning, 'Not enough room on E:\\: the disks placed there need 20 GB; 15 GB is free.');
    const missing = folderChoiceText('Q:\\A', roomFor(items, {}, volumes, os, 'Q:\\A', false), o);
    assert.equal(missing.warning, 'HV-B has no volume Q:\\.');
    const unread = folderChoiceText('Q:\\A', roomFor(items, {}, [], os, 'Q:\\A', false), { ...o, volumesKnown: false });
    assert.deepEqual(unread, { description: 'free space not known' });
    const share = folderChoiceText('\\\\FS01\\VMs\\a', roomFor(items, {}, volumes, os, '\\\\FS01\\VMs\\a', false), o);
    assert.deepEqual(share, { description: 'SMB share · free space not known' });
    assert.match(
      folderChoiceText('VMs\\a', roomFor(items, {}, volumes, os, 'VMs\\a', false), o).refusal ?? '',
      /full path/,
    );
  });

  it('the confirmation, the panel and Copy as PowerShell say where each disk goes', () => {
    const storage = perDiskPlacement(
      items,
      { [os.key]: 'E:\\Disks', [data.key]: 'E:\\Disks', [configurationKey]: 'D:\\VMs\\web-01-new' },
      true,
    );
    const plan = planOf({ destination: { type: 'sameHost' }, storage });
    const where =
      'E:\\Disks (web-01.vhdx, data.vhdx) and D:\\VMs\\web-01-new (configuration, checkpoints, smart paging)';
    assert.equal(placementText(storage), where);
    assert.equal(storageTargetOf({ plan } as MigrationJob), where);
    const script = migrationScript(plan);
    assert.match(
      script,
      /Move-VMStorage -VM \$vm -VirtualMachinePath 'D:\\VMs\\web-01-new' -SnapshotFilePath 'D:\\VMs\\web-01-new' -SmartPagingFilePath 'D:\\VMs\\web-01-new' -Vhds @\(@\{ SourceFilePath = 'D:\\VMs\\web-01\\web-01.vhdx'; DestinationFilePath = 'E:\\Disks\\web-01.vhdx' \}, @\{ SourceFilePath = 'D:\\VMs\\web-01\\data.vhdx'; DestinationFilePath = 'E:\\Disks\\data.vhdx' \}\)/,
    );
  });
});

describe('the preflight of a per-disk plan', () => {
  const src: SourceFacts = {
    host: { name: 'HV-A', migrationEnabled: true, authenticationType: 'Kerberos' },
    vm: {
      id: e.web.id,
      name: 'web-01',
      state: 'Running',
      version: '10.0',
      isClustered: false,
      memoryAssignedBytes: 4 * GB,
      memoryStartupBytes: 4 * GB,
      disks: [
        { path: 'D:\\VMs\\web-01\\web-01.vhdx', passThrough: false, fileSizeBytes: 30 * GB },
        { path: 'D:\\VMs\\web-01\\data.vhdx', passThrough: false, fileSizeBytes: 30 * GB },
      ],
      adapters: [],
    },
    runningJobs: [],
    delegation: ['Microsoft Virtual System Migration Service/HV-B', 'cifs/HV-B'],
    compare: { ran: true, incompatibilities: [] },
  };
  const dst = (space: DestinationFacts['space']): DestinationFacts => ({
    host: {
      name: 'HV-B',
      migrationEnabled: true,
      authenticationType: 'Kerberos',
      memoryCapacityBytes: 256 * GB,
      memoryAssignedBytes: 0,
    },
    supportedVersions: ['10.0'],
    switches: [],
    space,
  });
  const twoFolders = planOf({
    storage: perDiskPlacement(items, { [os.key]: 'E:\\A', [data.key]: 'E:\\B', [configurationKey]: 'C:\\VMs' }, false),
  });
  const check = (space: DestinationFacts['space']) =>
    evaluatePreflight({ plan: twoFolders, source: src, destination: dst(space), now: '2026-11-27T10:00:00Z' });

  it('asks the destination about each folder once', () => {
    const storage = perDiskPlacement(
      items,
      { [os.key]: 'E:\\A', [data.key]: 'e:\\a\\', [configurationKey]: 'C:\\VMs' },
      false,
    );
    assert.deepEqual(destinationPaths(storage).paths, ['E:\\A']);
  });

  it('two disks on one volume add up: 60 GB for E:\\ with 50 GB free blocks, though each fits alone', () => {
    const r = check([
      { path: 'E:\\A', root: 'E:\\', freeBytes: 50 * GB },
      { path: 'E:\\B', root: 'E:\\', freeBytes: 50 * GB },
    ]);
    const space = r.items.filter((i) => i.check === 'diskSpace');
    assert.equal(space.length, 1);
    assert.equal(space[0]!.severity, 'error');
    assert.equal(space[0]!.title, 'Not enough space at E:\\A, E:\\B');
    assert.match(space[0]!.reason, /need 60\.0 GB; 50\.0 GB is free/);
    assert.deepEqual(r.needs?.space, [{ root: 'E:\\', bytes: 60 * GB, freeBytes: 50 * GB }]);
  });

  it('on two volumes each is checked for its own disk', () => {
    const r = check([
      { path: 'E:\\A', root: 'E:\\', freeBytes: 40 * GB },
      { path: 'E:\\B', root: 'F:\\', freeBytes: 40 * GB },
    ]);
    assert.equal(r.items.filter((i) => i.check === 'diskSpace').length, 0);
  });
});

describe('reading the destination volumes', () => {
  it('parses drive letters and cluster shared volumes, free space unread as undefined', () => {
    const op = readVolumes();
    assert.equal(op.script.name, 'host-volumes.ps1');
    assert.equal(op.idempotent, true);
    assert.deepEqual(
      op.parse({
        virtualHardDiskPath: 'D:\\Hyper-V\\Virtual Hard Disks',
        virtualMachinePath: '',
        volumes: [
          { root: 'D:\\', freeBytes: 5 * GB },
          { root: 'Z:\\', freeBytes: null },
        ],
      }),
      {
        virtualHardDiskPath: 'D:\\Hyper-V\\Virtual Hard Disks',
        virtualMachinePath: undefined,
        volumes: [
          { root: 'D:\\', freeBytes: 5 * GB },
          { root: 'Z:\\', freeBytes: undefined },
        ],
      },
    );
  });
});
