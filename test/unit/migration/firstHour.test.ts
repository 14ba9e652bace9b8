// The first hour of an admin (issue 16): batches that add up and fit the window, summaries, drains with a row per
// VM, words as people say them, error ids that are ids, notifications that lead with where the VM is.
import * as assert from 'node:assert/strict';
import { batchConfirmationOf } from '../../../src/core/migration/view/batchConfirmation';
import { batchSummary } from '../../../src/core/migration/view/batchSummary';
import type { CheckedMove } from '../../../src/core/migration/view/confirmation';
import { judgeDrain, judgeFailback, maintenanceMovesRunning } from '../../../src/core/migration/drainJudge';
import { errorIdText } from '../../../src/core/migration/view/errorIds';
import { evacuationRequests } from '../../../src/core/migration/evacuation';
import { spreadByRating } from '../../../src/core/migration/rating/placementSpread';
import type { DrainProgress, MigrationJob, MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import { endLogLine, endNotice } from '../../../src/core/migration/view/notices';
import type { HostMigrationJob } from '../../../src/core/migration/operations/pollMigrations';
import type { PreflightItem, PreflightReport } from '../../../src/core/migration/preflight';
import { planMove } from '../../../src/core/migration/rules';
import { findHost } from '../../../src/core/migration/topology';
import { drainStatusText, listText, plural, stateText } from '../../../src/core/format/words';
import { disk, estate, GB, planIn, reportOf } from './estate';
import { vm } from '../core/fixtures';

const e = estate();
const plan = (request: MoveRequest): MigrationPlan => planIn(e.topology, request);
const report = reportOf;
const ref = (v: { id: string; name: string; host: string }) => ({ id: v.id, name: v.name, host: v.host });
const toB = (v: { id: string; name: string; host: string }, folder = `E:\\VMs\\${v.name}`): MigrationPlan =>
  plan({ vm: ref(v), destination: { type: 'host', host: 'HV-B' }, storage: { mode: 'folder', path: folder } });

describe('words as people say them', () => {
  it('plurals, state names and lists', () => {
    assert.equal(plural(1, 'VM'), '1 VM');
    assert.equal(plural(0, 'VM'), '0 VMs');
    assert.equal(plural(2, 'VM'), '2 VMs');
    assert.equal(stateText('RunningCritical'), 'Running (critical)');
    assert.equal(stateText('FastSaved'), 'Fast saved');
    assert.equal(stateText('Off'), 'Off');
    assert.equal(stateText('Critical'), 'Critical');
    assert.equal(listText(['a', 'b', 'c']), 'a, b and c');
    assert.equal(listText(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 4), 'a, b, c and 5 more');
  });

  it('a cluster node and its drain as people say them, never the enum name', () => {
    assert.deepEqual(['NotInitiated', 'InProgress', 'Completed', 'Failed'].map(drainStatusText), [
      'not drained',
      'draining',
      'drained',
      'drain failed',
    ]);
    assert.equal(drainStatusText('SomethingNew'), 'drain something new');
  });
});

describe('error ids that are ids', () => {
  it('never "ErrorCode32768" nor the message again; the Windows code in the message instead', () => {
    const msg = "Virtual machine migration operation for 'web-01' failed at migration source 'HV-A'. (0x8009030e)";
    assert.equal(errorIdText('ErrorCode32768', msg), '0x8009030E');
    assert.equal(errorIdText('ErrorCode32768', 'The migration failed.'), undefined);
    assert.equal(errorIdText(`${msg},Microsoft.HyperV.PowerShell.Commands.MoveVM`, msg), '0x8009030E');
    assert.equal(errorIdText('The disk is full', 'The disk is full'), undefined);
    assert.equal(
      errorIdText('InvalidParameter,Microsoft.HyperV.PowerShell.Commands.MoveVM', 'A switch is missing.'),
      'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.MoveVM',
    );
    assert.equal(errorIdText('VMMigrationFailed', msg), 'VMMigrationFailed (0x8009030E)');
    assert.equal(errorIdText(undefined, 'no code'), undefined);
  });
});

describe('notifications that lead with where the VM is', () => {
  const job = (over: Partial<MigrationJob>): MigrationJob => ({
    id: '1',
    kind: 'sharedNothing',
    vm: { id: 'x', name: 'crm-01', host: 'HV-A' },
    sourceHost: 'HV-A',
    destinationHost: 'HV-B',
    status: 'failed',
    percent: 12,
    steps: [],
    currentStep: 0,
    createdAt: '2026-11-27T00:00:00Z',
    expectedState: 'Running',
    ...over,
  });
  it('one short line: the place and state first, the host error only in the log', () => {
    const failed = job({
      error: 'Virtual machine migration operation failed at migration source. (0x8007274C) A long story follows.',
      errorId: 'ErrorCode32768',
      finalLocation: { host: 'HV-A', state: 'RunningCritical', clustered: false, diskPaths: [] },
    });
    assert.deepEqual(endNotice(failed), {
      severity: 'error',
      text: 'crm-01 is on HV-A, Running (critical): its move to HV-B failed.',
    });
    assert.match(
      endLogLine(failed),
      /failed; it is on HV-A, Running \(critical\)\. Virtual machine .* Error id: 0x8007274C\.$/,
    );
    assert.equal(
      endNotice(
        job({
          status: 'succeeded',
          finalLocation: { host: 'HV-B', state: 'Running', clustered: false, diskPaths: [] },
        }),
      ).text,
      'crm-01 is on HV-B, Running: moved from HV-A.',
    );
    assert.equal(endNotice(job({ status: 'cancelled' })).text, 'crm-01 is on HV-A: its move to HV-B was cancelled.');
  });
});

describe('a batch that adds up and a confirmation that fits', () => {
  const many = Array.from({ length: 30 }, (_, i) =>
    vm(`vm-${String(i).padStart(2, '0')}`, 'HV-A', {
      disks: [disk(`D:\\VMs\\vm-${i}\\vm-${i}.vhdx`)],
      path: `D:\\VMs\\vm-${i}`,
    }),
  );
  const topology = {
    hosts: e.topology.hosts.map((h) => (h.host.name === 'HV-A' ? { ...h, vms: [...h.vms, ...many] } : h)),
  };
  const planIn = (v: (typeof many)[number]): MigrationPlan => {
    const r = planMove(
      {
        vm: ref(v),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: `E:\\VMs\\${v.name}` },
      },
      topology,
    );
    if (!r.ok) throw new Error('plan');
    return r.plan;
  };
  const needs = (bytes: number, free: number, memory = 4 * GB, freeMemory = 100 * GB): PreflightReport['needs'] => ({
    host: 'HV-B',
    memoryBytes: memory,
    freeMemoryBytes: freeMemory,
    space: [{ root: 'E:\\', bytes, freeBytes: free }],
  });

  it('sums the disks bound for one destination volume: the move that no longer fits is left, with its reason', () => {
    const a = toB(e.web);
    const b = toB(e.onShare);
    const moves: CheckedMove[] = [
      { plan: a, report: report(a, [], needs(60 * GB, 100 * GB)) },
      { plan: b, report: report(b, [], needs(60 * GB, 100 * GB)) },
    ];
    const c = batchConfirmationOf(moves, []);
    assert.deepEqual(c.start, [0], 'the first fits, the second does not once the first has taken its share');
    assert.equal(c.startable, true);
    assert.equal(c.message, 'Move 1 of 2 VMs from HV-A?');
    assert.deepEqual(
      c.left.map((l) => l.vm),
      ['share-01'],
    );
    assert.match(c.left[0]!.reason, /Not enough space on E:\\ of HV-B for all these moves/);
    assert.match(
      c.detail,
      /share-01: Not enough space on E:\\ of HV-B for all these moves: web-01 takes 60\.0 GB of the 100\.0 GB free there; the VM needs 60\.0 GB more\./,
    );
  });

  it('sums the memory bound for one host: a warning to accept, not a refusal', () => {
    const a = toB(e.web);
    const b = toB(e.onShare);
    const c = batchConfirmationOf(
      [
        { plan: a, report: report(a, [], needs(1 * GB, 100 * GB, 30 * GB, 40 * GB)) },
        { plan: b, report: report(b, [], needs(1 * GB, 100 * GB, 30 * GB, 40 * GB)) },
      ],
      [],
    );
    assert.deepEqual(c.start, [0, 1]);
    assert.equal(c.warningCount, 1);
    assert.match(c.detail, /HV-B may be short of memory for all these moves/);
  });

  it('one line per VM; a problem shared by many VMs said once with their names; never taller than the window', () => {
    const credssp: PreflightItem = {
      check: 'authentication',
      severity: 'error',
      host: 'HV-A',
      title: 'HV-A uses CredSSP, which needs the move started on the source',
      reason: 'This connection does not put your credentials there.',
    };
    const moves: CheckedMove[] = many.map((v, i) => {
      const p = planIn(v);
      return { plan: p, report: report(p, i % 2 ? [credssp] : [], needs(1 * GB, 1000 * GB, 0)) };
    });
    const c = batchConfirmationOf(moves, [], 24);
    assert.equal(c.start.length, 15);
    assert.equal(c.detail.split('\n').filter((l) => l.includes('uses CredSSP')).length, 1, 'the CredSSP problem once');
    const lines = c.detail.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 90)), 0);
    assert.ok(lines <= 24, `${lines} lines: ${c.detail}`);
    assert.match(c.detail, /… and \d+ more \(all in the log/);
    for (const v of many) assert.ok(c.fullText.includes(`${v.name}:`), `${v.name} in the full text for the log`);
    assert.equal(c.message, 'Move 15 of 30 VMs from HV-A?');
  });

  it('a shared problem said once with "the VM" for each VM\'s name, but its paths as they are', () => {
    const disks = (name: string): PreflightItem => ({
      check: 'diskSpace',
      severity: 'warning',
      host: 'HV-B',
      title: `${name}'s disks are copied`,
      reason: `E:\\VMs\\${name}\\${name}.vhdx and E:\\VMs\\${name}\\${name}-data1.vhdx are copied to HV-B.`,
    });
    const [p0, p1] = [planIn(many[0]!), planIn(many[1]!)];
    const c = batchConfirmationOf(
      [
        { plan: p0, report: report(p0, [disks('vm-00')], needs(1 * GB, 1000 * GB, 0)) },
        { plan: p1, report: report(p1, [disks('vm-01')], needs(1 * GB, 1000 * GB, 0)) },
      ],
      [],
    );
    assert.match(
      c.detail,
      /the VM's disks are copied: E:\\VMs\\vm-00\\vm-00\.vhdx and E:\\VMs\\vm-00\\vm-00-data1\.vhdx are copied/,
    );
    assert.doesNotMatch(c.detail, /\\the VM/, 'no "the VM" inside a path');
  });
});

describe('evacuation and drains', () => {
  it('offers every VM chosen (off too); a VM on a share moves without copying its disks; none becomes a role', () => {
    const dests = [findHost(e.topology, 'HV-B')!];
    const chosen = [e.web, e.off, e.onShare];
    const spread = spreadByRating({ topology: e.topology }, chosen, dests);
    const requests = evacuationRequests(spread.assignments, e.topology);
    assert.deepEqual(requests.map((r) => [r.vm.name, r.storage?.mode, r.asClusterRole]).sort(), [
      ['off-01', 'hostDefault', false],
      ['share-01', 'shared', false],
      ['web-01', 'hostDefault', false],
    ]);
    // a single move (a drop, the palette) that names no place does the same: files on a share stay there
    const single = planMove({ vm: ref(e.onShare), destination: { type: 'host', host: 'HV-B' } }, e.topology);
    assert.ok(single.ok, JSON.stringify(single));
    assert.deepEqual(single.ok && single.plan.steps.map((s) => [s.action, 'storage' in s ? s.storage : undefined]), [
      ['moveVm', { mode: 'shared' }],
    ]);
    const local = planMove({ vm: ref(e.web), destination: { type: 'host', host: 'HV-B' } }, e.topology);
    assert.equal(
      local.ok && local.plan.steps[0] && 'storage' in local.plan.steps[0]
        ? local.plan.steps[0].storage.mode
        : undefined,
      'perDisk',
      'local files still go to the default folders',
    );
    // a VM that is not a role stays one that is not when it moves onto a cluster node
    const r = planMove(
      { vm: ref(e.web), destination: { type: 'host', host: 'A-N2' }, asClusterRole: false },
      e.topology,
    );
    assert.ok(r.ok && r.plan.kind === 'sharedNothing' && r.plan.steps.length === 1);
  });

  const job = (vmId: string, jobState: number, percent: number, destinationHost = 'A-N2'): HostMigrationJob => ({
    instanceId: `j-${vmId}`,
    vmId,
    jobType: 305,
    migrationType: 0,
    jobState,
    percent,
    destinationHost,
    startTime: '2026-11-27T00:01:00Z',
    errorCode: 0,
  });
  const drain: DrainProgress = {
    cluster: 'CLU-A',
    node: 'A-N1',
    status: 'draining',
    migrationsRunning: 2,
    percent: 0,
    startedAt: '2026-11-27T00:00:00Z',
    moves: [
      { vmId: 'a', vmName: 'sql-01', status: 'waiting', percent: 0 },
      { vmId: 'b', vmName: 'app-01', status: 'waiting', percent: 0 },
      { vmId: 'c', vmName: 'off-02', status: 'waiting', percent: 0 },
    ],
  };

  it("a drain has a row per role, updated from the node's migration jobs until the cluster says it is drained", () => {
    const going = judgeDrain(
      drain,
      {
        now: '',
        jobs: [job('a', 4, 40), job('b', 7, 100)],
        nodes: [{ name: 'A-N1', state: 'Paused', drainStatus: 'InProgress' }],
      },
      2,
    );
    assert.deepEqual(
      going.moves?.map((m) => [m.vmName, m.status, m.percent, m.destination]),
      [
        ['sql-01', 'moving', 40, 'A-N2'],
        ['app-01', 'moved', 100, 'A-N2'],
        ['off-02', 'waiting', 0, undefined],
      ],
    );
    assert.equal(maintenanceMovesRunning([going]), 2, 'moving and waiting rows count in the status bar');
    const done = judgeDrain(
      going,
      { now: '', jobs: [job('a', 7, 100)], nodes: [{ name: 'A-N1', state: 'Paused', drainStatus: 'Completed' }] },
      2,
    );
    assert.equal(done.status, 'paused');
    assert.deepEqual(
      done.moves?.map((m) => m.status),
      ['moved', 'moved', 'moved'],
    );
    assert.equal(maintenanceMovesRunning([done]), 0);
  });

  it('a failback follows the roles home and ends when the cluster says so', () => {
    const back: DrainProgress = {
      ...drain,
      status: 'failingBack',
      moves: drain.moves!.map((m) => ({ ...m, destination: 'A-N1' })),
    };
    const going = judgeFailback(back, [job('a', 4, 10, 'A-N1')], {
      now: '',
      jobs: [],
      nodes: [{ name: 'A-N1', state: 'Up', failbackStatus: 'InProgress' }],
    });
    assert.equal(going.status, 'failingBack');
    assert.equal(going.moves?.[0]?.status, 'moving');
    const done = judgeFailback(going, [job('a', 7, 100, 'A-N1')], {
      now: '',
      jobs: [],
      nodes: [{ name: 'A-N1', state: 'Up', failbackStatus: 'Completed' }],
    });
    assert.equal(done.status, 'resumed');
    assert.deepEqual(
      done.moves?.map((m) => m.status),
      ['moved', 'moved', 'moved'],
    );
  });
});

describe('the summary when a batch ends', () => {
  it('moved, failed and left, and where each VM is', () => {
    const base = {
      kind: 'sharedNothing' as const,
      sourceHost: 'HV-A',
      destinationHost: 'HV-B',
      percent: 100,
      steps: [],
      currentStep: 0,
      createdAt: '',
      expectedState: 'Running',
    };
    const s = batchSummary(
      'Evacuation of HV-A',
      [
        {
          ...base,
          id: '1',
          vm: { id: '1', name: 'web-01', host: 'HV-A' },
          status: 'succeeded',
          finalLocation: { host: 'HV-B', state: 'Running', clustered: false, diskPaths: [] },
        },
        {
          ...base,
          id: '2',
          vm: { id: '2', name: 'sql-01', host: 'HV-A' },
          status: 'failed',
          error: 'There is not enough space on the disk. More text.',
          finalLocation: { host: 'HV-A', state: 'Running', clustered: false, diskPaths: [] },
        },
      ],
      [{ vm: 'legacy-01', host: 'HV-A', reason: 'HV-B does not run configuration version 8.0' }],
    );
    assert.equal(s.text, 'Evacuation of HV-A: 1 moved, 1 failed, 1 left (3 VMs).');
    assert.deepEqual(s.lines, [
      'web-01: moved, on HV-B, Running',
      'sql-01: failed, on HV-A, Running — There is not enough space on the disk.',
      'legacy-01: left on HV-A — HV-B does not run configuration version 8.0',
    ]);
  });
});
