// The Migrations panel's page. Talks to the extension only through the typed, checked protocol, and draws every
// name with textContent: VM and host names come from hosts and may be hostile.
import { drainStatusText, stateText } from '../../core/format/words';
import {
  formatElapsed,
  formatThroughput,
  formatTimeLeft,
  type DrainView,
  type JobStepView,
  type JobView,
} from '../../core/migration/view/jobView';
import type { JobStatus, MigrationKind, StepStatus } from '../../core/migration/model';
import { parseExtensionMessage, type PanelState, type PageToExtension } from '../../core/migration/view/protocol';
import { el, icon, listen, vsCodeApi } from '../shared/page';

const vscode = vsCodeApi<PageToExtension, PanelState>();

function button(className: string, codicon: string, label: string, title: string): HTMLButtonElement {
  const b = el('button', { type: 'button', className, title }, icon(codicon), el('span', { textContent: label }));
  b.setAttribute('aria-label', title);
  return b;
}

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

/** A progress bar with its percent; the fill's width is set through the CSSOM, which the CSP allows. */
class Bar {
  readonly element = el('div', { className: 'bar' });
  private readonly fill = el('div', { className: 'bar-fill' });

  constructor(label: string) {
    this.element.setAttribute('role', 'progressbar');
    this.element.setAttribute('aria-valuemin', '0');
    this.element.setAttribute('aria-valuemax', '100');
    this.element.setAttribute('aria-label', label);
    this.element.append(this.fill);
  }

  set(percent: number): void {
    this.element.setAttribute('aria-valuenow', String(percent));
    this.fill.style.width = `${percent}%`;
  }
}

/** One job's element; kept across states so a button under the pointer or with focus stays where it is. */
class JobItem {
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
  private readonly timeLeft = el('span', { className: 'job-time-left' });
  private readonly elapsed = el('span', { className: 'job-elapsed', title: 'Elapsed' });
  private readonly steps = el('ol', { className: 'job-steps' });
  private readonly outcome = el('div', { className: 'job-outcome' });
  private readonly error = el('div', { className: 'job-error' });
  private readonly errorId = el('div', { className: 'job-error-id' });
  // What the icon and the steps were drawn from: redrawn only on a change, so spinners do not restart every tick.
  private drawnIcon = '';
  private drawnSteps = '';

  constructor(readonly id: string) {
    this.element.dataset.jobId = id;
    this.copy.addEventListener('click', () => vscode.postMessage({ type: 'copyAsPowerShell', id }));
    this.cancel.addEventListener('click', () => {
      // One request is enough; the next state says whether it can still be cancelled.
      this.cancel.disabled = true;
      vscode.postMessage({ type: 'cancel', id });
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

function show(e: HTMLElement, visible: boolean): void {
  e.hidden = !visible;
}

function setOptional(e: HTMLElement, text: string | undefined): void {
  e.textContent = text ?? '';
  e.hidden = text === undefined;
}

const moveIcons = {
  waiting: 'circle-outline',
  moving: 'loading codicon-modifier-spin',
  moved: 'check',
  failed: 'error',
} as const;

function drainItem(d: DrainView): HTMLLIElement {
  const iconName =
    d.status === 'draining' || d.status === 'failingBack'
      ? 'loading codicon-modifier-spin'
      : d.status === 'paused'
        ? 'debug-pause'
        : d.status === 'resumed'
          ? 'debug-continue'
          : 'error';
  const bar = new Bar('Drain progress');
  bar.set(d.percent);
  bar.element.classList.toggle('failed', d.status === 'failed');
  const facts = [
    d.nodeState && `node ${stateText(d.nodeState).toLowerCase()}`,
    d.drainStatus && drainStatusText(d.drainStatus),
  ]
    .filter(Boolean)
    .join(', ');
  const li = el(
    'li',
    { className: 'drain' },
    el(
      'div',
      { className: 'job-head' },
      icon(iconName),
      el('span', { className: 'job-vm', textContent: d.node }),
      el('span', { className: 'job-cluster', textContent: `(cluster ${d.cluster})` }),
    ),
    el(
      'div',
      { className: 'job-meta' },
      el('span', { className: 'job-phase', textContent: d.phase }),
      el('span', { className: 'drain-facts', textContent: facts }),
    ),
    el(
      'div',
      { className: 'job-progress' },
      bar.element,
      el('span', { className: 'job-percent', textContent: `${d.percent} %` }),
    ),
  );
  li.dataset.node = d.node;
  li.dataset.status = d.status;
  if (d.moves.length) {
    // A row per role: which VM goes where, as the hosts report it.
    const rows = d.moves.map((m) => {
      const row = el(
        'li',
        { className: 'step drain-move' },
        icon(moveIcons[m.status]),
        el('span', { className: 'step-label', textContent: ` ${m.vmName}` }),
        el('span', { className: 'step-host', textContent: ` ${m.text}` }),
      );
      row.dataset.vm = m.vmName;
      row.dataset.moveStatus = m.status;
      return row;
    });
    li.append(el('ol', { className: 'job-steps drain-moves' }, ...rows));
  }
  if (d.error) li.append(el('div', { className: 'job-error', textContent: d.error }));
  return li;
}

/** Puts the items in the list in this order, touching the DOM only when the order changed (moving blurs focus). */
function arrange(list: HTMLElement, items: readonly HTMLElement[]): void {
  const current = Array.from(list.children);
  if (current.length === items.length && current.every((c, i) => c === items[i])) return;
  list.replaceChildren(...items);
}

class Page {
  private readonly items = new Map<string, JobItem>();
  private readonly running = el('ul', { className: 'jobs', id: 'running-jobs' });
  private readonly finished = el('ul', { className: 'jobs', id: 'finished-jobs' });
  private readonly drains = el('ul', { className: 'jobs', id: 'drains' });
  private readonly noneRunning = el('p', { className: 'empty', textContent: 'No migrations in progress.' });
  private readonly drainSection = el(
    'section',
    { id: 'maintenance' },
    el('h2', { textContent: 'Node maintenance' }),
    this.drains,
  );
  private readonly finishedSection = el(
    'section',
    { id: 'finished' },
    el('h2', { textContent: 'Finished' }),
    this.finished,
  );
  private readonly clear = button('secondary', 'clear-all', 'Clear finished', 'Clear finished');
  private drawnDrains = '';

  constructor(root: HTMLElement) {
    const log = button('secondary', 'output', 'Show Log', 'Show Log');
    this.clear.id = 'clear-finished';
    log.id = 'show-log';
    this.clear.addEventListener('click', () => vscode.postMessage({ type: 'clearFinished' }));
    log.addEventListener('click', () => vscode.postMessage({ type: 'showLog' }));
    root.replaceChildren(
      el(
        'header',
        { className: 'toolbar' },
        el('h1', { textContent: 'Migrations' }),
        el('span', { className: 'buttons' }, this.clear, log),
      ),
      this.drainSection,
      el('section', { id: 'running' }, el('h2', { textContent: 'Running' }), this.running, this.noneRunning),
      this.finishedSection,
    );
    this.render({ type: 'state', jobs: [], drains: [] });
  }

  render(state: PanelState): void {
    const seen = new Set<string>();
    const running: HTMLElement[] = [];
    const finished: HTMLElement[] = [];
    for (const j of state.jobs) {
      seen.add(j.id);
      let item = this.items.get(j.id);
      if (!item) {
        item = new JobItem(j.id);
        this.items.set(j.id, item);
      }
      item.update(j);
      (j.outcome === undefined ? running : finished).push(item.element);
    }
    for (const id of [...this.items.keys()]) if (!seen.has(id)) this.items.delete(id);
    arrange(this.running, running);
    arrange(this.finished, finished);
    this.noneRunning.hidden = running.length > 0;
    this.finishedSection.hidden = finished.length === 0;
    this.clear.disabled = finished.length === 0;
    this.drainSection.hidden = state.drains.length === 0;
    const drains = JSON.stringify(state.drains);
    if (drains !== this.drawnDrains) {
      this.drawnDrains = drains;
      this.drains.replaceChildren(...state.drains.map(drainItem));
    }
  }
}

const page = new Page(document.getElementById('app') ?? document.body);

// After a reload or when the panel comes back, the last state is shown at once; the extension's answer replaces it.
const saved = parseExtensionMessage(vscode.getState());
if (saved) page.render(saved);

listen(vscode, parseExtensionMessage, (message) => {
  vscode.setState(message);
  page.render(message);
});
