// The acceleration editor's form, in the webview. Talks to the extension only through the typed, checked protocol.
import {
  accelerationFields,
  fieldLabels,
  interruptModerations,
  isInterruptModeration,
  numericFields,
  type AccelerationChange,
  type AccelerationField,
  type AdapterReadBack,
  type NumericField,
} from '../../core/acceleration/model';
import {
  parseExtensionMessage,
  type AdapterView,
  type ExtensionToPage,
  type PageToExtension,
} from '../../core/acceleration/protocol';
import { parseNumberInput, ranges, validateChange } from '../../core/acceleration/validate';
import { accelerationWarnings } from '../../core/acceleration/warnings';
import { dispatchTo } from '../../core/webview/receive';
import { el, listen, vsCodeApi } from '../shared/page';

const vscode = vsCodeApi<PageToExtension>();
const MIXED = '';

function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e as T;
}

const isNumeric = (f: AccelerationField): f is NumericField => (numericFields as readonly string[]).includes(f);

/** The form for the adapters of the last state message; what the user changed is the difference from `initial`. */
class Form {
  private adapters: readonly AdapterView[] = [];
  private initial: AccelerationChange = {};
  private readonly inputs = new Map<AccelerationField, HTMLInputElement | HTMLSelectElement>();
  private busy = false;

  constructor(private readonly root: HTMLElement) {}

  show(state: Extract<ExtensionToPage, { type: 'state' }>): void {
    // A newer state (the hosts' own answer, or the read-back after Apply) keeps what the user has typed meanwhile. For
    // the same adapters the inputs stay in place: an input being typed in keeps its element, its focus and its text
    // (rebuilding the form under the user's hands lost the keystrokes that came as it was replaced).
    if (this.inputs.size > 0 && sameShape(this.adapters, this.initial, state)) {
      for (const [f, input] of this.inputs)
        if (input.value === textOf(this.initial[f])) input.value = textOf(state.values[f]);
      this.adapters = state.adapters;
      this.initial = state.values;
      this.busy = false;
      byId('host-side').closest('section')?.replaceWith(this.hostSide());
      this.update();
      return;
    }
    const typed = new Map<AccelerationField, string>();
    for (const [f, input] of this.inputs) if (input.value !== textOf(this.initial[f])) typed.set(f, input.value);
    this.adapters = state.adapters;
    this.initial = state.values;
    this.busy = false;
    this.render();
    for (const [f, text] of typed) {
      const input = this.inputs.get(f);
      if (input) input.value = text;
    }
    this.update();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.update();
  }

  private render(): void {
    this.inputs.clear();
    const title =
      this.adapters.length === 1
        ? `${this.adapters[0]!.vmName} — ${this.adapters[0]!.adapterName}`
        : `${this.adapters.length} network adapters`;
    const fields = el('div', { className: 'fields' });
    for (const f of accelerationFields) fields.append(this.field(f));
    this.root.replaceChildren(
      el('h1', { textContent: title }),
      this.hostSide(),
      el('form', { id: 'form', noValidate: true }, fields),
      el('div', { id: 'warnings', className: 'warnings', role: 'status' }),
      el('div', { id: 'problems', className: 'problems', role: 'alert' }),
      el(
        'div',
        { className: 'buttons' },
        el('button', { id: 'apply', type: 'button', textContent: 'Apply' }),
        el('button', { id: 'copy', type: 'button', className: 'secondary', textContent: 'Copy as PowerShell' }),
        el('button', { id: 'reset', type: 'button', className: 'secondary', textContent: 'Reset' }),
      ),
      el('div', { id: 'result', className: 'result', role: 'status' }),
    );
    byId('apply').addEventListener('click', () => this.send('apply'));
    byId('copy').addEventListener('click', () => this.send('copyAsPowerShell'));
    byId('reset').addEventListener('click', () => this.render());
    this.update();
  }

  private hostSide(): HTMLElement {
    const rows = this.adapters.map((a) =>
      el(
        'tr',
        {},
        el('td', { textContent: `${a.vmName} — ${a.adapterName}` }),
        el('td', { textContent: a.host }),
        el('td', { textContent: a.facts.vmState }),
        el('td', { textContent: a.facts.switchName ?? 'not connected' }),
        el('td', {
          textContent:
            a.facts.switchIovEnabled === undefined ? 'unknown' : a.facts.switchIovEnabled ? 'enabled' : 'disabled',
        }),
      ),
    );
    const head = el(
      'tr',
      {},
      ...['Adapter', 'Host', 'VM state', 'Switch', 'Switch SR-IOV'].map((t) => el('th', { textContent: t })),
    );
    return el(
      'section',
      { className: 'host-side' },
      el('h2', { textContent: 'Host side' }),
      el('table', { id: 'host-side' }, el('thead', {}, head), el('tbody', {}, ...rows)),
    );
  }

  private field(f: AccelerationField): HTMLElement {
    const initial = this.initial[f];
    let input: HTMLInputElement | HTMLSelectElement;
    if (isNumeric(f)) {
      input = el('input', {
        id: f,
        type: 'text',
        inputMode: 'numeric',
        value: initial === undefined ? MIXED : String(initial),
        placeholder: initial === undefined ? 'mixed' : '',
      });
    } else {
      const options =
        f === 'iovInterruptModeration'
          ? interruptModerations.map((m) => [m, m])
          : [
              ['true', 'On'],
              ['false', 'Off'],
            ];
      input = el('select', { id: f });
      if (initial === undefined) input.append(el('option', { value: MIXED, textContent: '(mixed)' }));
      for (const [value, label] of options) input.append(el('option', { value: value!, textContent: label! }));
      input.value = initial === undefined ? MIXED : String(initial);
    }
    input.addEventListener('input', () => this.update());
    this.inputs.set(f, input);
    const hint = isNumeric(f) ? ranges[f].hint : '';
    return el(
      'div',
      { className: 'field' },
      el('label', { htmlFor: f, textContent: fieldLabels[f] }),
      input,
      el('span', { className: 'hint', textContent: hint }),
      el('span', { className: 'error', id: `${f}-error` }),
    );
  }

  /** The change the form holds now, and the reasons it is refused (per field). */
  private read(): { change: AccelerationChange; errors: Map<AccelerationField, string> } {
    const change: Record<string, unknown> = {};
    const errors = new Map<AccelerationField, string>();
    for (const [f, input] of this.inputs) {
      const initial = this.initial[f];
      const text = input.value;
      if (initial === undefined && text === MIXED) continue; // left mixed: not changed
      if (isNumeric(f)) {
        const parsed = parseNumberInput(f, text);
        if ('reason' in parsed) errors.set(f, parsed.reason);
        else if (parsed.value !== initial) change[f] = parsed.value;
      } else if (f === 'iovInterruptModeration') {
        if (isInterruptModeration(text) && text !== initial) change[f] = text;
      } else {
        const v = text === 'true';
        if (v !== initial) change[f] = v;
      }
    }
    return { change: change, errors };
  }

  private update(): void {
    const { change, errors } = this.read();
    for (const f of accelerationFields) {
      const e = document.getElementById(`${f}-error`);
      if (e) e.textContent = errors.get(f) ?? '';
      this.inputs.get(f)?.setAttribute('aria-invalid', String(errors.has(f)));
    }
    const warnings = new Set<string>();
    for (const a of this.adapters) {
      for (const w of accelerationWarnings(a.current, change, a.facts))
        warnings.add(this.adapters.length > 1 ? `${a.vmName} — ${a.adapterName}: ${w}` : w);
    }
    const list = byId('warnings');
    list.replaceChildren(...[...warnings].map((w) => el('p', { className: 'warning', textContent: `⚠ ${w}` })));
    const nothing = Object.keys(change).length === 0;
    byId<HTMLButtonElement>('apply').disabled = this.busy || errors.size > 0 || nothing;
    byId<HTMLButtonElement>('copy').disabled = errors.size > 0 || nothing;
    byId('problems').textContent = '';
  }

  private send(type: 'apply' | 'copyAsPowerShell'): void {
    const { change, errors } = this.read();
    const problems = errors.size ? [...errors.values()] : validateChange(change).map((p) => p.reason);
    if (problems.length) {
      // Refused here, with the reason; nothing is sent.
      byId('problems').textContent = problems.join(' ');
      return;
    }
    if (type === 'apply') {
      this.setBusy(true);
      byId('result').replaceChildren(el('p', { textContent: 'Applying…' }));
    }
    vscode.postMessage({ type, values: change });
  }

  showRefused(problems: readonly { reason: string }[]): void {
    this.setBusy(false);
    byId('result').replaceChildren();
    byId('problems').textContent = problems.map((p) => p.reason).join(' ');
  }

  showResult(result: Extract<ExtensionToPage, { type: 'result' }>): void {
    this.setBusy(false);
    const items = result.outcomes.map((o) => {
      const li = el(
        'li',
        { className: o.ok ? 'ok' : 'failed' },
        el('strong', { textContent: `${o.label}: ${o.ok ? 'applied' : 'failed'}` }),
      );
      if (o.error) {
        li.append(el('div', { className: 'error-message', textContent: o.error.message }));
        if (o.error.fullyQualifiedErrorId)
          li.append(el('div', { className: 'error-id', textContent: `Error id: ${o.error.fullyQualifiedErrorId}` }));
      }
      if (o.readBack)
        li.append(
          el('div', { className: 'read-back', textContent: `The host now reports: ${readBackText(o.readBack)}` }),
        );
      return li;
    });
    byId('result').replaceChildren(el('h2', { textContent: 'Result' }), el('ul', {}, ...items));
  }
}

/** How a field's value is written in its input ('' while the adapters differ). */
function textOf(value: AccelerationChange[AccelerationField]): string {
  return value === undefined ? MIXED : String(value);
}

/** The same adapters in the same order, and the same fields mixed: the form's inputs fit the newer state as they are. */
function sameShape(
  adapters: readonly AdapterView[],
  initial: AccelerationChange,
  state: Extract<ExtensionToPage, { type: 'state' }>,
): boolean {
  return (
    adapters.length === state.adapters.length &&
    adapters.every((a, i) => a.key === state.adapters[i]!.key) &&
    accelerationFields.every((f) => (initial[f] === undefined) === (state.values[f] === undefined))
  );
}

function readBackText(r: AdapterReadBack): string {
  const usage = (v: number | undefined, what: string): string => (v === undefined ? '' : ` (${v} ${what})`);
  return [
    `IPsec offload ${r.ipsecOffloadMaxSA > 0 ? `${r.ipsecOffloadMaxSA} SAs` : 'off'}${usage(r.ipsecOffloadSAUsage, 'in use')}`,
    `VMQ weight ${r.vmqWeight}`,
    `SR-IOV weight ${r.iovWeight}${r.iovUsage === undefined ? '' : r.iovUsage > 0 ? ' (in use)' : ' (not in use)'}`,
    `IOV queue pairs ${r.iovQueuePairsRequested}${usage(r.iovQueuePairsAssigned, 'assigned')}`,
    `interrupt moderation ${r.iovInterruptModeration}`,
    `vRSS ${r.vrssEnabled ? 'on' : 'off'}`,
    `VMMQ ${r.vmmqEnabled ? 'on' : 'off'}`,
    `VMMQ queue pairs ${r.vmmqQueuePairs}`,
  ].join(', ');
}

const form = new Form(byId('app'));
listen(vscode, parseExtensionMessage, (message) =>
  dispatchTo(message, {
    state: (m) => form.show(m),
    result: (m) => form.showResult(m),
    refused: (m) => form.showRefused(m.problems),
  }),
);
