import { receiveMessage, type Handlers } from '../webview/receive';
import { parseReadinessPageMessage, type ReadinessPageMessage } from './protocol';

/** What the Host Readiness panel does for each message from its page; one handler per message type. */
export type ReadinessHandlers = Handlers<ReadinessPageMessage>;

/** The Host Readiness panel's receive path: a message that fails the protocol check is dropped and logged, never half handled. */
export function dispatchReadinessMessage(
  raw: unknown,
  handlers: ReadinessHandlers,
  log: { error(message: string): void },
): boolean {
  return receiveMessage(raw, parseReadinessPageMessage, handlers, log, 'Host Readiness panel');
}
