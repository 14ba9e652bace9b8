/** What the engine needs from a local PowerShell process: one line in, its stdout back. Fakes implement this in tests. */
export interface InvocationOutput {
  readonly stdout: string;
  /** Anything PowerShell wrote to stderr during the invocation (the dispatcher itself never does). */
  readonly stderr: string;
}

export interface PowerShellProcess {
  /** Sends one line; rejects with ProcessExitedError if the process dies (or has died) before answering. */
  invoke(line: string): Promise<InvocationOutput>;
  /** Ends the process at once (used for cancellation and hard timeouts). */
  kill(): void;
  /** Ends the process politely. */
  dispose(): Promise<void>;
}

export type PowerShellProcessFactory = () => PowerShellProcess;

export class ProcessExitedError extends Error {
  constructor(readonly reason: string) {
    super(`The local PowerShell process ended: ${reason}`);
    this.name = 'ProcessExitedError';
  }
}
