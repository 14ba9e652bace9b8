/**
 * The one receive path for messages that cross a webview's boundary, both ways: the protocol's guard checks the raw
 * message, one handler per message type does the work. Apart from `vscode` and the DOM, so it is tested in plain Node
 * and runs in the pages too.
 */

export interface TypedMessage {
  readonly type: string;
}

/** One handler per message type of the union `M`, each given its own member: a missing type fails to compile. */
export type Handlers<M extends TypedMessage> = {
  readonly [T in M['type']]: (message: Extract<M, { type: T }>) => void;
};

export interface ErrorLog {
  error(message: string): void;
}

/**
 * Checks a message from a page with the protocol's guard; one that does not fit is dropped and logged under `who`
 * (shortened: it is untrusted and may be large), never half handled.
 */
export function checkMessage<M extends TypedMessage>(
  raw: unknown,
  parse: (raw: unknown) => M | undefined,
  log: ErrorLog,
  who: string,
): M | undefined {
  const message = parse(raw);
  if (!message) log.error(`${who}: dropped a malformed message from the webview: ${preview(raw)}`);
  return message;
}

/** Hands a checked message to its handler. */
export function dispatchTo<M extends TypedMessage>(message: M, handlers: Handlers<M>): void {
  // TypeScript does not tie the key to the member it selects (a correlated union): the mapped type above does.
  const handle = handlers[message.type as M['type']] as (message: M) => void;
  handle(message);
}

/** Checks, then dispatches; false when the message was dropped. */
export function receiveMessage<M extends TypedMessage>(
  raw: unknown,
  parse: (raw: unknown) => M | undefined,
  handlers: Handlers<M>,
  log: ErrorLog,
  who: string,
): boolean {
  const message = checkMessage(raw, parse, log, who);
  if (message) dispatchTo(message, handlers);
  return message !== undefined;
}

function preview(v: unknown): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
