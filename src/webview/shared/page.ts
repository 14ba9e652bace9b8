// What every page shares: its handle on VS Code, the checked receive path and the ready message, and the DOM helpers.
// esbuild bundles this module into each page's script (each page is its own entry point, with no shared chunk).
import type { TypedMessage } from '../../core/webview/receive';

/** The page's handle on VS Code, typed by what the page may send (`Out`) and what it saves across reloads (`Saved`). */
export interface VsCodeApi<Out extends TypedMessage, Saved> {
  postMessage(message: Out): void;
  getState(): unknown;
  setState(state: Saved): void;
}

declare function acquireVsCodeApi(): unknown;

/** VS Code lets a page acquire its API once: each page calls this once, at the top. */
export function vsCodeApi<Out extends TypedMessage, Saved = never>(): VsCodeApi<Out, Saved> {
  return acquireVsCodeApi() as VsCodeApi<Out, Saved>;
}

/**
 * Hands each message from the extension that passes the protocol's guard to `receive` (a malformed one is dropped
 * with a warning), then tells the extension the page is ready: it posts its state only after that.
 */
export function listen<In>(
  api: { postMessage(message: { readonly type: 'ready' }): void },
  parse: (raw: unknown) => In | undefined,
  receive: (message: In) => void,
): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parse(event.data);
    if (!message) {
      console.warn('Hyper-V Mobility: dropped a malformed message from the extension', event.data);
      return;
    }
    receive(message);
  });
  api.postMessage({ type: 'ready' });
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  for (const c of children) e.append(c);
  return e;
}

/** A codicon, hidden from screen readers (the text next to it says what it means). */
export function icon(name: string): HTMLSpanElement {
  const span = el('span', { className: `codicon codicon-${name}` });
  span.setAttribute('aria-hidden', 'true');
  return span;
}
