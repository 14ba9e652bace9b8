// A drained or resumed cluster node in the Migrations page: its phase, progress and a row per role it moves.
import { drainStatusText, stateText } from '../../core/format/words';
import type { DrainStatus } from '../../core/migration/model';
import type { DrainView, MaintenanceMoveView } from '../../core/migration/view/jobView';
import { el, icon } from '../shared/page';
import { Bar } from './widgets';

const moveIcons = {
  waiting: 'circle-outline',
  moving: 'loading codicon-modifier-spin',
  moved: 'check',
  failed: 'error',
} as const;

const drainIcons: Readonly<Record<DrainStatus, string>> = {
  draining: 'loading codicon-modifier-spin',
  failingBack: 'loading codicon-modifier-spin',
  paused: 'debug-pause',
  resumed: 'debug-continue',
  failed: 'error',
};

export function drainItem(d: DrainView): HTMLLIElement {
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
      icon(drainIcons[d.status]),
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
    li.append(el('ol', { className: 'job-steps drain-moves' }, ...d.moves.map(moveRow)));
  }
  if (d.error) li.append(el('div', { className: 'job-error', textContent: d.error }));
  return li;
}

function moveRow(m: MaintenanceMoveView): HTMLLIElement {
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
}
