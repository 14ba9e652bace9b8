// The Migrations panel's page. Talks to the extension only through the typed, checked protocol, and draws every
// name with textContent: VM and host names come from hosts and may be hostile.
import { parseExtensionMessage, type PanelState, type PageToExtension } from '../../core/migration/view/protocol';
import { el, listen, vsCodeApi } from '../shared/page';
import { drainItem } from './drainItem';
import { JobItem } from './jobItem';
import { button } from './widgets';

const vscode = vsCodeApi<PageToExtension, PanelState>();

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
        item = new JobItem(j.id, (message) => vscode.postMessage(message));
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
