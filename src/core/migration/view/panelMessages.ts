import { receiveMessage, type Handlers } from '../../webview/receive';
import { parsePageMessage, type PageToExtension } from './protocol';

/** What the panel does for each message from its webview; one handler per message type. */
export type PanelHandlers = Handlers<PageToExtension>;

/** The Migrations panel's receive path: a message that fails the protocol check is dropped and logged, never half handled. */
export function dispatchWebviewMessage(
  raw: unknown,
  handlers: PanelHandlers,
  log: { error(message: string): void },
): boolean {
  return receiveMessage(raw, parsePageMessage, handlers, log, 'Migrations panel');
}
