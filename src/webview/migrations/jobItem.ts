// One migration in the Migrations page: its route, phase, progress, steps and outcome, with Copy and Cancel.
import type { JobStatus, MigrationKind, StepStatus } from '../../core/migration/model';
import { formatThroughput } from '../../core/format/units';
import { formatElapsed, formatTimeLeft, type JobStepView, type JobView } from '../../core/migration/view/jobView';
import type { PageToExtension } from '../../core/migration/view/protocol';
import { el, icon } from '../shared/page';
import { Bar, button, setOptional, show, Sparkline } from './widgets';

const statusIcons: Readonly<Record<JobStatus, string>> = {
  queued: 'clock',
  starting: 'loading codicon-modifier-spin',
  running: 'loading codicon-modifier-spin',
  cancelling: 'loading codicon-modifier-spin',
  verifying: 'loading codicon-modifier-spin',
  rollingBack: 'loading codicon-modifier-spin',
  succeeded: 'check',
  failed: 'error',
  cancelled: 'circle-slash',
};

const kindIcons: Readonly<Record<MigrationKind, string>> = {
  sharedNothing: 'arrow-swap',
  storage: 'database',
  clustered: 'server-environment',
  standaloneToCluster: 'server-environment',
  clusterToCluster: 'server-environment',
  clusterToStandalone: 'server-environment',
};

const stepIcons: Readonly<Record<StepStatus, string>> = {
  pending: 'circle-outline',
  running: 'loading codicon-modifier-spin',
  done: 'check',
  failed: 'error',
  skipped: 'circle-slash',
  rolledBack: 'discard',
};

const outcomeWords = { succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' } as const;

/** One job's element; kept across states so a button under the pointer or with focus stays where it is. */
export class JobItem {
  readonly element = el('li', { className: 'job' });
  private readonly statusIcon = el('span', { className: 'job-status-icon' });
  private readonly vm = el('span', { className: 'job-vm' });
  private readonly route = el('span', { className: 'job-route' });
  private readonly cluster = el('span', { className: 'job-cluster' });
  private readonly storage = el('div', { className: 'job-storage' });
  private readonly copy = button('job-copy secondary', 'copy', 'Copy as PowerShell', 'Copy as PowerShell');
  private readonly cancel = button('job-cancel', 'stop-circle', 'Cancel', 'Cancel');
  private readonly kind = el('span', { className: 'job-kind' });
  private readonly phase = el('span', { className: 'job-phase' });
  private readonly bar = new Bar('Progress');
  private readonly percent = el('span', { className: 'job-percent' });
  private readonly throughput = el('span', { className: 'job-throughput' });
  private readonly spark = new Sparkline();
  private readonly timeLeft = el('span', { className: 'job-time-left' });
  private readonly elapsed = el('span', { className: 'job-elapsed', title: 'Elapsed' });
  private readonly steps = el('ol', { className: 'job-steps' });
  private readonly outcome = el('div', { className: 'job-outcome' });
  private readonly error = el('div', { className: 'job-error' });
  private readonly errorId = el('div', { className: 'job-error-id' });
  // What the icon and the steps were drawn from: redrawn only on a change, so spinners do not restart every tick.
  private drawnIcon = '';
  private drawnSteps = '';

  constructor(
    readonly id: string,
    post: (message: PageToExtension) => void,
  ) {
    this.element.dataset.jobId = id;
    this.copy.addEventListener('click', () => post({ type: 'copyAsPowerShell', id }));
    this.cancel.addEventListener('click', () => {
      // One request is enough; the next state says whether it can still be cancelled.
      this.cancel.disabled = true;
      post({ type: 'cancel', id });
    });
    this.element.append(
      el(
        'div',
        { className: 'job-head' },
        this.statusIcon,
        this.vm,
        this.route,
        this.cluster,
        el('span', { className: 'job-actions' }, this.copy, this.cancel),
      ),
      el('div', { className: 'job-meta' }, this.kind, el('span', { className: 'sep', textContent: '·' }), this.phase),
      this.storage,
      el(
        'div',
        { className: 'job-progress' },
        this.bar.element,
        this.percent,
        this.throughput,
        this.spark.element,
        this.timeLeft,
        el('span', { className: 'elapsed' }, icon('watch'), ' ', this.elapsed),
      ),
      this.steps,
      this.outcome,
      this.error,
      this.errorId,
    );
  }

  update(j: JobView): void {
    const d = this.element.dataset;
    d.status = j.status;
    d.vm = j.vmName;
    if (this.drawnIcon !== statusIcons[j.status]) {
      this.drawnIcon = statusIcons[j.status];
      this.statusIcon.replaceChildren(icon(this.drawnIcon));
    }
    this.statusIcon.title = j.phase;
    this.vm.textContent = j.vmName;
    this.route.textContent = j.kind === 'storage' ? `on ${j.source}` : `${j.source} → ${j.destination}`;
    show(this.cluster, j.destinationCluster !== undefined);
    this.cluster.textContent = j.destinationCluster === undefined ? '' : `(cluster ${j.destinationCluster})`;
    setOptional(this.storage, j.storageTarget === undefined ? undefined : `Files to ${j.storageTarget}`);
    show(this.copy, j.copyable);
    show(this.cancel, j.cancellable);
    this.cancel.disabled = false;
    if (this.kind.textContent !== ` ${j.kindLabel}`)
      this.kind.replaceChildren(icon(kindIcons[j.kind]), ` ${j.kindLabel}`);
    this.phase.textContent = j.phase;
    this.bar.set(j.percent);
    this.bar.element.classList.toggle('final', j.outcome !== undefined);
    this.bar.element.classList.toggle('failed', j.outcome === 'failed');
    this.percent.textContent = `${j.percent} %`;
    setOptional(
      this.throughput,
      j.throughputBytesPerSecond === undefined ? undefined : formatThroughput(j.throughputBytesPerSecond),
    );
    this.spark.set(j.sparkline);
    setOptional(this.timeLeft, j.timeLeftSeconds === undefined ? undefined : formatTimeLeft(j.timeLeftSeconds));
    this.elapsed.textContent = formatElapsed(j.elapsedSeconds);
    // Silo moves and their rollback are several steps on several hosts: each is shown as it happens.
    show(this.steps, j.steps.length > 1);
    const steps = JSON.stringify(j.steps);
    if (steps !== this.drawnSteps) {
      this.drawnSteps = steps;
      this.steps.replaceChildren(...(j.steps.length > 1 ? j.steps.map(stepItem) : []));
    }
    setOptional(
      this.outcome,
      j.outcome === undefined ? undefined : `${outcomeWords[j.outcome]}${j.outcomeText ? `: ${j.outcomeText}` : ''}`,
    );
    setOptional(this.error, j.error);
    setOptional(this.errorId, j.errorId === undefined ? undefined : `Error id: ${j.errorId}`);
  }
}

function stepItem(s: JobStepView): HTMLLIElement {
  const li = el(
    'li',
    { className: 'step' },
    icon(stepIcons[s.status]),
    el('span', { className: 'step-label', textContent: ` ${s.label}` }),
    el('span', { className: 'step-host', textContent: ` on ${s.host}` }),
  );
  li.dataset.stepStatus = s.status;
  if (s.message) li.append(el('div', { className: 'step-message', textContent: s.message }));
  return li;
}
