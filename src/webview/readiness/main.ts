// The Host Readiness panel's page. Talks to the extension only through the typed, checked protocol, and draws every
// text with textContent: host names and messages come from hosts and may be hostile. Native buttons, <details> and a
// checkbox keep it usable with the keyboard alone.
import { plural } from '../../core/format/words';
import type { CheckStatus } from '../../core/readiness/model';
import { parseReadinessState, type ReadinessState, type ReadinessPageMessage } from '../../core/readiness/protocol';
import type { CheckView, SectionView } from '../../core/readiness/view';
import { el, icon, listen, vsCodeApi } from '../shared/page';

/** What the page keeps across reloads: the last state and the filter. */
interface Saved {
  readonly message: ReadinessState | undefined;
  readonly onlyProblems: boolean;
}

const vscode = vsCodeApi<ReadinessPageMessage, Saved>();

const statusIcon: Readonly<Record<CheckStatus, string>> = {
  fail: 'error',
  warn: 'warning',
  unknown: 'question',
  pass: 'pass',
  info: 'info',
};
const statusWord: Readonly<Record<CheckStatus, string>> = {
  fail: 'Problem',
  warn: 'Warning',
  unknown: 'Not known',
  pass: 'Passed',
  info: 'Information',
};
const isProblem = (s: CheckStatus): boolean => s === 'fail' || s === 'warn' || s === 'unknown';

function statusBadge(s: CheckStatus): HTMLSpanElement {
  const span = el('span', { className: 'status-icon', title: statusWord[s] }, icon(statusIcon[s]));
  span.setAttribute('role', 'img');
  span.setAttribute('aria-label', statusWord[s]);
  return span;
}

/** "2 problems, 1 warning": only the kinds there are. */
function tally(fail: number, warn: number, unknown: number): string {
  return [fail && plural(fail, 'problem'), warn && plural(warn, 'warning'), unknown && `${unknown} not known`]
    .filter(Boolean)
    .join(', ');
}

class Page {
  private readonly summary = el('span', { className: 'summary' });
  private readonly onlyProblems = el('input', { type: 'checkbox', id: 'only-problems' });
  private readonly copyAll = el(
    'button',
    { type: 'button', className: 'secondary', id: 'copy-all' },
    icon('copy'),
    el('span', { textContent: 'Copy All Fixes' }),
  );
  private readonly recheck = el(
    'button',
    { type: 'button', id: 'recheck' },
    icon('refresh'),
    el('span', { textContent: 'Check Again' }),
  );
  private readonly checked = el('p', { className: 'checked' });
  private readonly error = el('div', { className: 'error' });
  private readonly hosts = el('div', { className: 'sections' });
  private readonly pairs = el('div', { className: 'sections' });
  private readonly pairsHeading = el('h2', { textContent: 'Host pairs (source → destination)' });
  /** Sections the user opened or closed: kept across states. */
  private readonly toggled = new Map<string, boolean>();
  private state: ReadinessState | undefined;

  constructor(root: HTMLElement, onlyProblems: boolean) {
    this.summary.setAttribute('role', 'status');
    this.summary.setAttribute('aria-live', 'polite');
    this.error.setAttribute('role', 'alert');
    this.onlyProblems.checked = onlyProblems;
    this.hosts.dataset.part = 'hosts';
    this.pairs.dataset.part = 'pairs';
    this.onlyProblems.addEventListener('change', () => {
      this.save();
      if (this.state) this.render(this.state);
    });
    this.recheck.addEventListener('click', () => vscode.postMessage({ type: 'recheck' }));
    this.copyAll.addEventListener('click', () => vscode.postMessage({ type: 'copyAll' }));
    const filter = el('label', { className: 'filter' }, this.onlyProblems, ' Only problems');
    root.replaceChildren(
      el(
        'header',
        { className: 'toolbar' },
        el('h1', { textContent: 'Host Readiness' }),
        this.summary,
        filter,
        this.copyAll,
        this.recheck,
      ),
      this.checked,
      this.error,
      el('h2', { textContent: 'Hosts' }),
      this.hosts,
      this.pairsHeading,
      this.pairs,
    );
  }

  save(): void {
    vscode.setState({ message: this.state, onlyProblems: this.onlyProblems.checked });
  }

  render(state: ReadinessState): void {
    this.state = state;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusKey : undefined;
    const c = state.counts;
    const problems = c.fail + c.warn + c.unknown;
    this.summary.replaceChildren(
      ...(state.running ? [icon('loading codicon-modifier-spin'), ' Checking…'] : []),
      ...(!state.running && state.status
        ? [statusBadge(state.status), ` ${problems ? tally(c.fail, c.warn, c.unknown) : 'Ready'} · ${c.pass} passed`]
        : []),
    );
    this.recheck.disabled = state.running || state.hosts.length === 0;
    this.copyAll.disabled = problems === 0 || state.running;
    this.checked.textContent = state.checkedAt
      ? `Checked ${new Date(state.checkedAt).toLocaleString()}`
      : state.running
        ? ''
        : 'No check has run yet.';
    this.error.textContent = state.error ?? '';
    this.error.hidden = !state.error;
    const only = this.onlyProblems.checked;
    this.hosts.replaceChildren(...this.sections(state.hosts, only, state));
    this.pairs.replaceChildren(...this.sections(state.pairs, only, state));
    this.pairsHeading.hidden = state.pairs.length === 0;
    if (focused) document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
    this.save();
  }

  private sections(list: readonly SectionView[], only: boolean, state: ReadinessState): HTMLElement[] {
    const shown = only ? list.filter((s) => isProblem(s.status)) : list;
    if (!shown.length && list.length) return [el('p', { className: 'empty', textContent: 'Nothing to fix here.' })];
    return shown.map((s) => this.section(s, only, state));
  }

  private section(s: SectionView, only: boolean, state: ReadinessState): HTMLElement {
    const count = (status: CheckStatus): number => s.checks.filter((c) => c.status === status).length;
    const problems = count('fail') + count('warn') + count('unknown');
    const details = el('details', { className: 'section', open: this.toggled.get(s.key) ?? isProblem(s.status) });
    details.dataset.section = s.key;
    details.dataset.status = s.status;
    const summary = el(
      'summary',
      {},
      statusBadge(s.status),
      el('span', { className: 'section-title', textContent: s.title }),
      ...(s.subtitle ? [el('span', { className: 'section-sub', textContent: s.subtitle })] : []),
      el('span', {
        className: 'section-count',
        textContent: problems ? tally(count('fail'), count('warn'), count('unknown')) : 'all passed',
      }),
    );
    summary.dataset.focusKey = `section:${s.key}`;
    // Only what the user opens or closes is remembered (the toggle event also fires for the default state). A click
    // on the summary (mouse, Enter or Space) toggles after this handler runs.
    summary.addEventListener('click', () => this.toggled.set(s.key, !details.open));
    const checks = only ? s.checks.filter((c) => isProblem(c.status)) : s.checks;
    details.append(summary, el('ul', { className: 'checks' }, ...checks.map((c) => checkItem(c, state))));
    return details;
  }
}

function checkItem(c: CheckView, state: ReadinessState): HTMLLIElement {
  const li = el(
    'li',
    { className: 'check' },
    el(
      'div',
      { className: 'check-head' },
      statusBadge(c.status),
      el('span', { className: 'check-title', textContent: c.title }),
      el('span', { className: 'check-summary', textContent: c.summary }),
    ),
  );
  li.dataset.checkId = c.id;
  li.dataset.status = c.status;
  if (c.detail) li.append(el('div', { className: 'check-detail', textContent: c.detail }));
  if (c.fixText)
    li.append(el('div', { className: 'check-fix' }, icon('tools'), el('span', { textContent: ` ${c.fixText}` })));
  const actions: HTMLButtonElement[] = [];
  if (c.fixLabel) {
    const fixing = state.fixing === c.id;
    const b = el(
      'button',
      { type: 'button', className: 'fix', disabled: state.running || state.fixing !== undefined },
      icon(fixing ? 'loading codicon-modifier-spin' : 'wrench'),
      el('span', { textContent: fixing ? 'Fixing…' : c.fixLabel }),
    );
    b.dataset.focusKey = `fix:${c.id}`;
    b.addEventListener('click', () => vscode.postMessage({ type: 'fix', id: c.id }));
    actions.push(b);
  }
  if (c.copyable) {
    const b = el(
      'button',
      { type: 'button', className: 'copy secondary', title: 'Copy the fix as PowerShell' },
      icon('copy'),
      el('span', { textContent: 'Copy as PowerShell' }),
    );
    b.dataset.focusKey = `copy:${c.id}`;
    b.addEventListener('click', () => vscode.postMessage({ type: 'copy', id: c.id }));
    actions.push(b);
  }
  if (actions.length && isProblem(c.status)) li.append(el('div', { className: 'check-actions buttons' }, ...actions));
  return li;
}

const saved: unknown = vscode.getState();
const savedRecord =
  typeof saved === 'object' && saved !== null ? (saved as { message?: unknown; onlyProblems?: unknown }) : {};
const page = new Page(document.getElementById('app') ?? document.body, savedRecord.onlyProblems === true);
// After the panel comes back, the last state is shown at once; the extension's answer replaces it.
const last = parseReadinessState(savedRecord.message);
if (last) page.render(last);

listen(vscode, parseReadinessState, (message) => page.render(message));
