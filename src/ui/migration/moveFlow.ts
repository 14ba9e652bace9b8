import * as vscode from 'vscode';
import type { MigrationJob, MoveRequest } from '../../core/migration/model';
import type { PreflightReport } from '../../core/migration/preflight';
import type { BatchTracker } from '../../app/migration/batchTracker';
import { batchConfirmationOf, type BatchConfirmation } from '../../core/migration/view/batchConfirmation';
import type { BatchLeft, BatchSummary } from '../../core/migration/view/batchSummary';
import { confirmationOf, fixLabel, type CheckedMove, type Confirmation } from '../../core/migration/view/confirmation';
import { evacuationScript, migrationScript } from '../../core/migration/view/copyAsPowerShell';
import type { DropRefusal } from '../../core/migration/drop';
import type { MigrationPlan } from '../../core/migration/model';
import { clusterFolder, clusterNameOf, type MigrationTopology } from '../../core/migration/topology';
import { folderName, join } from '../../core/windowsPath';
import { showCommandError } from '../log/outputLog';
import { askFolder } from './askFolder';
import { applyPreflightFix, type PreflightFixDeps } from './preflightFixes';
import { assumedThroughput, measuredThroughput } from '../../core/migration/downtime';
import { withFallbackOffers } from '../../core/migration/fallbacks';
import { errorMessage } from '../../contract/errorMessage';

export interface MoveFlowDeps extends PreflightFixDeps {
  readonly topology: () => MigrationTopology;
  /** Shows the Migrations panel without taking the keyboard focus (when a move starts, the user watches it there). */
  readonly revealMigrations: () => void;
  /** Called with each started job at the moment it was handed to the queue (for figures and tests). */
  readonly onStarted?: (job: MigrationJob, confirmedAt: number) => void;
  /** Moves started together end with one summary. */
  readonly batches: BatchTracker;
}

export interface FlowOptions {
  /** The batch's name in its summary ("Evacuation of HV-EAST"); default "Move of n VMs". */
  readonly title?: string;
  /** VMs the caller already leaves where they are (and why), for the summary. */
  readonly left?: readonly BatchLeft[];
  /** A refusal is returned to the caller (a wizard shows it in its own step) instead of a notification. */
  readonly quietRefusal?: boolean;
}

export interface FlowOutcome {
  readonly jobs: MigrationJob[];
  /** The user closed the confirmation (or a question before it) without starting anything. */
  readonly cancelled: boolean;
  /** Why nothing could be planned. */
  readonly refused?: string;
}

/** Fix buttons beside Start and Copy: a dialog with more buttons than fit a row is as unusable as a tall one. */
const maxFixButtons = 3;

/** Rules that a folder on the destination's cluster storage satisfies: asked for once, then planned again. */
const needsClusterFolder = new Set(['notOnClusterStorage', 'destinationDefaultsUnknown']);

/**
 * From move requests to running migrations, the same way for a drop and for the palette: plan each one (illegal ones
 * refused with their reason), preflight them on the hosts, show the plan and the preflight in a modal with the
 * fixes as buttons, and start what the user confirmed.
 */
export class MoveFlow {
  constructor(private readonly deps: MoveFlowDeps) {}

  async run(
    requests: readonly MoveRequest[],
    refusedBefore: readonly DropRefusal[] = [],
    options: FlowOptions = {},
  ): Promise<FlowOutcome> {
    const refused: DropRefusal[] = [...refusedBefore];
    let plans = await this.planAll(requests, refused);
    if (!plans) return { jobs: [], cancelled: true };
    if (plans.length === 0) {
      const text = refused.map((r) => r.reason).join(' ');
      this.deps.log.info(`Move refused: ${text}`);
      if (!options.quietRefusal) await vscode.window.showWarningMessage(text);
      return { jobs: [], cancelled: false, refused: text };
    }
    const batch = plans.length > 1 || (options.left?.length ?? 0) > 0;
    let checked = await this.preflightAll(plans);
    for (;;) {
      const single = batch ? undefined : confirmationOf(checked, refused);
      const multi = batch ? batchConfirmationOf(checked, refused) : undefined;
      const c = (single ?? multi)!;
      const start = startLabel(c, multi);
      const fixes = new Map(c.fixes.slice(0, maxFixButtons).map((f) => [fixLabel(f), f]));
      const copy = 'Copy as PowerShell';
      const buttons = [...(start ? [start] : []), ...fixes.keys(), copy];
      if (multi) this.deps.log.info(multi.fullText);
      const choice = await vscode.window.showWarningMessage(c.message, { modal: true, detail: c.detail }, ...buttons);
      if (choice === undefined) return { jobs: [], cancelled: true };
      if (choice === copy) {
        await copyScript(multi ? multi.start.map((i) => checked[i]!) : checked, checked);
        continue;
      }
      const fix = fixes.get(choice);
      if (fix) {
        const next = await applyPreflightFix(this.deps, fix, plans);
        if (!next) continue;
        plans = next;
        checked = await this.preflightAll(plans);
        continue;
      }
      const toStart = multi ? multi.start.map((i) => checked[i]!) : checked;
      const jobs = await this.startAll(toStart);
      if (jobs.length) this.deps.revealMigrations();
      if (batch) this.trackBatch(jobs, checked, multi, refused, options);
      return { jobs, cancelled: false };
    }
  }

  /** Moves started together end with one summary: what moved, and what stayed (and why). */
  private trackBatch(
    jobs: MigrationJob[],
    checked: readonly CheckedMove[],
    multi: BatchConfirmation | undefined,
    refused: readonly DropRefusal[],
    options: FlowOptions,
  ): void {
    const left: BatchLeft[] = [
      ...(options.left ?? []),
      ...(multi?.left ?? []),
      ...refused.flatMap((r) => (r.vm ? [{ vm: r.vm.name, host: r.vm.host, reason: r.reason }] : [])),
    ];
    const title = options.title ?? `Move of ${checked.length + (options.left?.length ?? 0)} VMs`;
    void this.deps.batches.track(title, jobs, left).then((summary) => this.announceBatch(summary));
  }

  private async startAll(moves: readonly CheckedMove[]): Promise<MigrationJob[]> {
    const confirmedAt = Date.now();
    const jobs: MigrationJob[] = [];
    for (const m of moves) {
      try {
        const job = this.deps.migrations.start(m.plan, { preflight: m.report, acceptWarnings: true });
        this.deps.onStarted?.(job, confirmedAt);
        jobs.push(job);
      } catch (e) {
        await showCommandError(this.deps.log, `${m.plan.request.vm.name} was not moved: ${errorMessage(e)}`);
      }
    }
    return jobs;
  }

  /** The batch's end: one short notification, the VM-by-VM summary in a dialog on request and in the log. */
  private async announceBatch(summary: BatchSummary): Promise<void> {
    const log = summary.failed
      ? (t: string): void => this.deps.log.error(t)
      : (t: string): void => this.deps.log.info(t);
    log([summary.text, ...summary.lines.map((l) => `  ${l}`)].join('\n'));
    const show = 'Show Summary';
    const choice = summary.failed
      ? await vscode.window.showErrorMessage(summary.text, show, 'Show Migrations')
      : await vscode.window.showInformationMessage(summary.text, show, 'Show Migrations');
    if (choice === 'Show Migrations') this.deps.revealMigrations();
    if (choice !== show) return;
    const max = 20;
    const lines =
      summary.lines.length > max
        ? [
            ...summary.lines.slice(0, max - 1),
            `… and ${summary.lines.length - max + 1} more (all in the log: Hyper-V: Show Log)`,
          ]
        : summary.lines;
    await vscode.window.showInformationMessage(summary.text, { modal: true, detail: lines.join('\n') });
  }

  /** Plans each request; asks once for a cluster storage folder when the destination cluster needs one. */
  private async planAll(
    requests: readonly MoveRequest[],
    refused: DropRefusal[],
  ): Promise<MigrationPlan[] | undefined> {
    const plans: MigrationPlan[] = [];
    let folder: string | undefined;
    for (const request of requests) {
      let r = this.deps.migrations.plan(request);
      if (!r.ok && !request.storage && r.problems.every((p) => needsClusterFolder.has(p.code))) {
        folder ??= await this.askClusterFolder(request);
        if (folder === undefined) return undefined;
        r = this.deps.migrations.plan({
          ...request,
          storage: { mode: 'folder', path: join(folder, folderName(request.vm.name)) },
        });
      }
      if (r.ok) plans.push(r.plan);
      else refused.push({ vm: request.vm, reason: r.problems.map((p) => p.message).join(' ') });
    }
    return plans;
  }

  private async askClusterFolder(request: MoveRequest): Promise<string | undefined> {
    const d = request.destination;
    const t = this.deps.topology();
    const cluster = d.type === 'clusterNode' ? d.cluster : d.type === 'host' ? clusterNameOf(t, d.host) : undefined;
    return askFolder({
      title: `Cluster storage for the VM's files${cluster ? ` on ${cluster}` : ''}`,
      prompt:
        'A cluster role keeps its files on a cluster shared volume or an SMB 3.0 share. Each VM gets its own folder in it.',
      value: cluster ? clusterFolder(t, cluster) : '',
      example: 'C:\\ClusterStorage\\Volume1 or \\\\server\\share\\folder',
    });
  }

  /** Each move checked on its hosts, with what can be done instead when live migration is refused. */
  private async preflightAll(plans: readonly MigrationPlan[]): Promise<CheckedMove[]> {
    const throughput = measuredThroughput(this.deps.migrations.jobs()) ?? assumedThroughput;
    return withFallbackOffers(await this.preflightEach(plans), throughput);
  }

  private async preflightEach(plans: readonly MigrationPlan[]): Promise<CheckedMove[]> {
    const what = plans.map((p) => `${p.request.vm.name} (${p.kind})`).join(', ');
    const started = Date.now();
    this.deps.log.info(`Preflight of ${what}…`);
    const checked = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title:
          plans.length === 1 ? `Checking the move of ${plans[0]!.request.vm.name}…` : `Checking ${plans.length} moves…`,
      },
      () =>
        Promise.all(
          plans.map(async (plan): Promise<CheckedMove> => {
            try {
              return { plan, report: await this.deps.migrations.preflight(plan) };
            } catch (e) {
              return { plan, report: failedReport(plan, errorMessage(e)) };
            }
          }),
        ),
    );
    this.deps.log.info(`Preflight of ${what}: done in ${Date.now() - started} ms.`);
    return checked;
  }
}

/** The confirmation's Start button for one move or a batch; none when nothing may start. */
function startLabel(c: Confirmation, multi: BatchConfirmation | undefined): string | undefined {
  if (!c.startable) return undefined;
  if (!multi) return c.warningCount ? 'Start Anyway' : 'Start Migration';
  const count = multi.start.length;
  return `Start ${count === 1 ? '1 Migration' : `${count} Migrations`}${c.warningCount ? ' Anyway' : ''}`;
}

/** Copies the moves chosen to start (all of them when none is) as one script. */
async function copyScript(chosen: readonly CheckedMove[], checked: readonly CheckedMove[]): Promise<void> {
  const all = chosen.length ? chosen : checked;
  await vscode.env.clipboard.writeText(
    all.length === 1 ? migrationScript(all[0]!.plan) : evacuationScript(all.map((m) => m.plan)),
  );
  void vscode.window.showInformationMessage('The migration script is on the clipboard.');
}

function failedReport(plan: MigrationPlan, error: string): PreflightReport {
  return {
    vmId: plan.request.vm.id,
    vmName: plan.request.vm.name,
    kind: plan.kind,
    sourceHost: plan.sourceHost,
    destinationHost: plan.destinationHost,
    items: [{ check: 'hostUnreachable', severity: 'error', title: 'The preflight did not run', reason: error }],
    checkedAt: new Date().toISOString(),
  };
}
