import { parseReadinessWebviewMessage, type ReadinessWebviewMessage } from './protocol';

/** What the Host Readiness panel does for each message from its page; one handler per message type. */
export type ReadinessHandlers = { readonly [T in ReadinessWebviewMessage['type']]: (message: Extract<ReadinessWebviewMessage, { type: T }>) => void };

/** The host side's receive path: a message that fails the protocol check is dropped and logged, never half handled. */
export function dispatchReadinessMessage(raw: unknown, handlers: ReadinessHandlers, log: { error(message: string): void }): boolean {
  const m = parseReadinessWebviewMessage(raw);
  if (!m) {
    let text: string;
    try {
      text = (JSON.stringify(raw) ?? String(raw)).slice(0, 300);
    } catch {
      text = Object.prototype.toString.call(raw);
    }
    log.error(`Host Readiness panel: dropped a malformed message from the webview: ${text}`);
    return false;
  }
  switch (m.type) {
    case 'ready':
      handlers.ready(m);
      break;
    case 'recheck':
      handlers.recheck(m);
      break;
    case 'showLog':
      handlers.showLog(m);
      break;
    case 'copyAll':
      handlers.copyAll(m);
      break;
    case 'fix':
      handlers.fix(m);
      break;
    case 'copy':
      handlers.copy(m);
      break;
  }
  return true;
}
