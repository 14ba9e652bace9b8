/** What the engine needs from a local PowerShell process: one line in, its stdout back. Fakes implement this in tests. */
export interface InvocationOutput {
  readonly stdout: string;
  /** Anything PowerShell wrote to stderr during the invocation (the dispatcher itself never does). */
  readonly stderr: string;
  /** ssh's own messages written while the invocation ran (kept off stdout by the ssh guard). */
  readonly sshLines?: readonly string[];
}

/** Data for the dispatcher that must not be part of the line PowerShell compiles (see secretChannel.ts). */
export interface SecretOffer {
  /** One-time random id the request line names. */
  readonly ticket: string;
  /** What the dispatcher reads for that ticket. */
  readonly payload: string;
}

export interface PowerShellProcess {
  /**
   * Sends one line; rejects with ProcessExitedError if the process dies (or has died) before answering. `secret` is
   * offered on the side channel while the line runs.
   */
  invoke(line: string, secret?: SecretOffer): Promise<InvocationOutput>;
  /** Ends the process at once (used for cancellation and hard timeouts). */
  kill(): void;
  /** Ends the process politely. */
  dispose(): Promise<void>;
  /** What the dispatcher said it was doing last (see Set-HvmPhase), for a request that stopped answering. */
  lastPhase?(): string | undefined;
}

export type PowerShellProcessFactory = () => PowerShellProcess;

export class ProcessExitedError extends Error {
  constructor(readonly reason: string) {
    super(`The local PowerShell process ended: ${reason}`);
    this.name = 'ProcessExitedError';
  }
}
