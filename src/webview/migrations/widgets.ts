// The Migrations page's small parts: buttons, the progress bar, optional texts.
import { el, icon } from '../shared/page';

export function button(className: string, codicon: string, label: string, title: string): HTMLButtonElement {
  const b = el('button', { type: 'button', className, title }, icon(codicon), el('span', { textContent: label }));
  b.setAttribute('aria-label', title);
  return b;
}

export /** A progress bar with its percent; the fill's width is set through the CSSOM, which the CSP allows. */
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

export function show(e: HTMLElement, visible: boolean): void {
  e.hidden = !visible;
}

export function setOptional(e: HTMLElement, text: string | undefined): void {
  e.textContent = text ?? '';
  e.hidden = text === undefined;
}
