import { parseWebviewMessage, type WebviewToHost } from './protocol';

/** What the panel does for each message from its webview; one handler per message type. */
export type PanelHandlers = { readonly [T in WebviewToHost['type']]: (message: Extract<WebviewToHost, { type: T }>) => void };

export interface ErrorLog {
  error(message: string): void;
}

/**
 * The host side's receive path, apart from `vscode` so it is tested in plain Node: a message that fails the protocol
 * check is dropped and logged (shortened: it is untrusted and may be large), never half handled.
 */
export function dispatchWebviewMessage(raw: unknown, handlers: PanelHandlers, log: ErrorLog): boolean {
  const message = parseWebviewMessage(raw);
  if (!message) {
    log.error(`Migrations panel: dropped a malformed message from the webview: ${preview(raw)}`);
    return false;
  }
  switch (message.type) {
    case 'ready':
      handlers.ready(message);
      break;
    case 'cancel':
      handlers.cancel(message);
      break;
    case 'copyAsPowerShell':
      handlers.copyAsPowerShell(message);
      break;
    case 'showLog':
      handlers.showLog(message);
      break;
    case 'clearFinished':
      handlers.clearFinished(message);
      break;
  }
  return true;
}

function preview(v: unknown): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
