// The throughput sparkline of a running move in the Migrations panel, in a real VS Code (code-server + Chromium)
// against a lab of its own over SSH. The lab moves at a known bandwidth (32 MiB/s: web-01's 1 GiB of memory and 2 GiB
// disk take 96 s), so the numbers the sparkline says can be checked against it, and the move lasts long enough to be
// sampled many times, to close the panel and open it again meanwhile, and to end with the VM on the destination.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFailure } from '../support/failures';
import { REPO, type Lab } from '../support/lab';
import {
  dragVm,
  jobOf as jobIn,
  labVm,
  panelRowOf as panelRowIn,
  startLabWindow,
  treePlaceOf,
  waitForStatus,
  waitUnder,
} from '../support/labWindow';
import { waitFor } from '../support/poll';
import type { VsCode } from '../support/vscode';
import { clickDialogButton, visibleTree } from '../support/workbench';

const bandwidthMiBps = 32;
const start = /^Start (Migration|Anyway)$/;

/** test-migration's two standalone hosts and web-01 alone, at a bandwidth slow enough to watch. */
function slowTopology(): string {
  const t = JSON.parse(readFileSync(join(REPO, 'lab', 'topologies', 'test-migration.json'), 'utf8')) as {
    lab: Record<string, unknown>;
    hosts: { name: string }[];
    clusters: unknown[];
    vms: { name: string }[];
  };
  const file = join(mkdtempSync(join(tmpdir(), 'hvlab-spark-')), 'topology.json');
  const topology = {
    ...t,
    lab: { ...t.lab, migrationBandwidthMBps: bandwidthMiBps },
    hosts: t.hosts.filter((h) => h.name === 'HV-EAST' || h.name === 'HV-WEST'),
    clusters: [],
    vms: t.vms.filter((v) => v.name === 'web-01'),
  };
  writeFileSync(file, JSON.stringify(topology, null, 2));
  return file;
}

/** What the row of a move shows of its throughput, read at one instant (the page draws both in one update). */
interface Shown {
  label: string | null;
  role: string | null;
  throughput: string;
  trend: string | undefined;
  cue: string | null;
  stroke: string;
  sparkHidden: boolean;
}

const labelPattern = /^Throughput, last (\d+) seconds: min (\d+) MB\/s, max (\d+) MB\/s, now (\d+) MB\/s(?:; (.*))?$/;

describe('Throughput sparkline in a real VS Code', function () {
  this.timeout(1_800_000);
  let lab: Lab;
  let vscode: VsCode;

  const jobOf = (vm: string) => jobIn(vscode, vm);
  const shown = (vm: string): Promise<Shown> =>
    jobOf(vm).evaluate((row) => {
      const spark = row.querySelector<HTMLElement>('.job-spark')!;
      const svg = spark.querySelector('svg')!;
      const cue = spark.querySelector<HTMLElement>('.job-trend')!;
      return {
        label: svg.getAttribute('aria-label'),
        role: svg.getAttribute('role'),
        throughput: row.querySelector<HTMLElement>('.job-throughput')!.innerText.trim(),
        trend: spark.dataset.trend,
        cue: cue.hidden ? null : cue.innerText,
        stroke: getComputedStyle(svg.querySelector('polyline')!).stroke,
        sparkHidden: spark.hidden,
      };
    });
  /** Waits until the row shows a sparkline whose label covers at least `seconds`, and returns what it shows. */
  const sparklineOver = (vm: string, seconds: number): Promise<Shown & { span: number }> =>
    waitFor(
      `a sparkline over ${seconds} s or more for ${vm}`,
      async () => {
        const s = await shown(vm);
        const span = Number(labelPattern.exec(s.label ?? '')?.[1] ?? -1);
        return !s.sparkHidden && span >= seconds ? { ...s, span } : undefined;
      },
      120_000,
      () => panelRowIn(vscode, vm),
    );

  before(async () => {
    ({ lab, vscode } = await startLabWindow(slowTopology(), 'sparkline', { width: 1400, height: 900 }));
    await vscode.openView('Hyper-V');
    await waitUnder(vscode, 'web-01', 'HV-EAST', 600_000);
  });

  after(async () => {
    await vscode?.stop();
    await lab?.stop();
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, lab, ['web-01']);
  });

  it('draws the running move’s throughput with numbers that agree with the panel and the lab, kept while the panel is closed', async () => {
    await dragVm(vscode, 'web-01', 'HV-WEST');
    await clickDialogButton(vscode.page, start);

    // Two 10-second stretches and more: the "now" rate is over a whole stretch.
    const first = await sparklineOver('web-01', 20);
    await vscode.screenshot('sparkline-running');
    assert.equal(first.role, 'img', 'one image to a screen reader');
    const [, , min, max, now, cue] = labelPattern.exec(first.label!)!;
    assert.equal(`${now} MB/s`, first.throughput, 'the label’s "now" is the throughput the panel shows');
    assert.ok(Number(min) <= Number(now) && Number(now) <= Number(max), first.label!);
    // The lab moves 32 MiB a second; a 10 s stretch knows it to one whole percent of 3 GiB (about 3 MiB/s).
    assert.ok(
      Math.abs(Number(now) - bandwidthMiBps) <= bandwidthMiBps * 0.25,
      `now ${now} MB/s where the lab moves ${bandwidthMiBps} MiB/s`,
    );
    assert.equal(first.trend, 'steady', `a steady move has no cue: ${first.label}`);
    assert.equal(cue, undefined);
    assert.equal(first.cue, null, 'no slowed or stalled text shown');
    assert.ok(first.stroke !== 'none' && first.stroke !== '', `the line is drawn in a colour (${first.stroke})`);

    // The samples live in the extension: a panel closed and opened again draws them at once.
    await vscode.runCommand('View: Close All Editors');
    await waitFor(
      'the Migrations panel closed',
      async () => ((await jobOf('web-01').count()) === 0 ? true : undefined),
      60_000,
    );
    await vscode.runCommand('Hyper-V: Show Migrations');
    const again = await sparklineOver('web-01', 0);
    assert.ok(
      again.span >= first.span,
      `right after reopening, the sparkline covers ${again.span} s, as much as before (${first.span} s)`,
    );
    const [, , , , nowAgain] = labelPattern.exec(again.label!)!;
    assert.equal(`${nowAgain} MB/s`, again.throughput);

    await waitForStatus(vscode, 'web-01', 'succeeded');
    assert.equal((await shown('web-01')).sparkHidden, true, 'a finished move has no sparkline');
    // HV-WEST had no VM, so its row comes back collapsed when it has one: opened as a person would.
    await waitFor(
      'web-01 under HV-WEST in the tree',
      async () => {
        await vscode.expandTreeRow('HV-WEST');
        const rows = await visibleTree(vscode.page);
        return rows.some((r) => r.label === 'web-01' && r.contextParent === 'HV-WEST') ? true : undefined;
      },
      300_000,
      () => treePlaceOf(vscode, 'web-01'),
    );
    const atEnd = await labVm(lab, 'web-01');
    assert.equal(atEnd.host, 'HV-WEST');
    assert.equal(atEnd.state, 'Running');
  });
});
