// The Migrations page's small parts: buttons, the progress bar, the throughput sparkline, optional texts.
import type { SparklineView } from '../../core/migration/view/sparkline';
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

const svgNs = 'http://www.w3.org/2000/svg';

/**
 * A running move's recent throughput: an inline SVG line (classes only, styled by migrations.css in theme colours: the
 * CSP allows no inline style) that is one image to a screen reader, its numbers in its label, and beside it the
 * visible cue when the move slowed or stalled.
 */
export class Sparkline {
  readonly element = el('span', { className: 'job-spark' });
  private readonly svg = document.createElementNS(svgNs, 'svg');
  private readonly line = document.createElementNS(svgNs, 'polyline');
  private readonly base = document.createElementNS(svgNs, 'line');
  private readonly title = document.createElementNS(svgNs, 'title');
  private readonly cue = el('span', { className: 'job-trend' });

  constructor() {
    this.svg.setAttribute('class', 'spark');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('preserveAspectRatio', 'none');
    this.line.setAttribute('class', 'spark-line');
    this.base.setAttribute('class', 'spark-base');
    // The title is the tooltip for the mouse; the label (the same text) is what a screen reader says.
    this.svg.append(this.title, this.base, this.line);
    // The cue is in the label already: shown, but not read twice.
    this.cue.setAttribute('aria-hidden', 'true');
    this.element.append(this.svg, this.cue);
  }

  set(view: SparklineView | undefined): void {
    show(this.element, view !== undefined);
    if (!view) return;
    this.svg.setAttribute('viewBox', `0 0 ${view.width} ${view.height}`);
    this.svg.setAttribute('aria-label', view.label);
    this.title.textContent = view.label;
    this.base.setAttribute('x1', '0');
    this.base.setAttribute('x2', String(view.width));
    this.base.setAttribute('y1', String(view.height - 0.5));
    this.base.setAttribute('y2', String(view.height - 0.5));
    this.line.setAttribute('points', view.points);
    this.element.dataset.trend = view.trend;
    setOptional(this.cue, view.cue);
  }
}
