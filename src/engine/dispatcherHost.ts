import { randomBytes } from 'node:crypto';
import { closeLine, loadLine } from './payload';
import {
  ProcessExitedError,
  type InvocationOutput,
  type PowerShellProcess,
  type PowerShellProcessFactory,
  type SecretOffer,
} from './process';
import { parseDispatcherOutput } from './response';
import { errorMessage } from '../contract/errorMessage';

interface Running {
  readonly process: PowerShellProcess;
  readonly ready: Promise<number>;
}

export class DisposedError extends ProcessExitedError {
  constructor() {
    super('the engine was disposed (its settings changed or the extension stopped)');
    this.name = 'DisposedError';
  }
}

/** How long dispose waits for hosts to close their sessions before ending PowerShell anyway. */
const CLOSE_WAIT_MS = 5_000;

/**
 * Keeps one local PowerShell process with the dispatcher loaded. Started on the first call, not before; when it dies,
 * the call in flight fails and the next call starts a fresh one (remote sessions are reopened by the dispatcher).
 * Once disposed it never starts another.
 */
export class DispatcherHost {
  private running: Running | undefined;
  private pid: number | undefined;
  private calls = 0;
  private disposed = false;

  constructor(
    private readonly factory: PowerShellProcessFactory,
    private readonly dispatcherText: string,
    private readonly closeWaitMs: number = CLOSE_WAIT_MS,
  ) {}

  /** The dispatcher's `$PID`, once a process has answered. */
  processId(): number | undefined {
    return this.running ? this.pid : undefined;
  }

  /** Starts the process and loads the dispatcher if that has not happened yet. */
  async start(): Promise<void> {
    const running = this.ensure();
    try {
      await running.ready;
    } catch (error) {
      this.forget(running);
      running.process.kill();
      throw error;
    }
  }

  async call(line: string, secret?: SecretOffer): Promise<InvocationOutput> {
    const running = this.ensure();
    this.calls++;
    try {
      await running.ready;
      return await running.process.invoke(line, secret);
    } catch (error) {
      // Whatever went wrong, this process is no longer trusted: the next call starts a fresh one.
      this.forget(running);
      running.process.kill();
      throw this.disposed ? new DisposedError() : error;
    } finally {
      this.calls--;
    }
  }

  /** What the running dispatcher said it was doing last, if it says. */
  lastPhase(): string | undefined {
    return this.running?.process.lastPhase?.();
  }

  /** Ends the current process at once; the next call starts another. */
  kill(): void {
    const running = this.running;
    if (running) {
      this.forget(running);
      running.process.kill();
    }
  }

  /**
   * Never starts a process again. An idle process first closes its remote sessions (so no shell stays open on a host;
   * a host that does not answer within the wait is left to time out); a busy one is ended at once, its call failing.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    const running = this.running;
    const loaded = this.pid !== undefined;
    this.forget(running);
    if (!running) return;
    // Sessions exist only once the dispatcher has answered; one still loading has none to close.
    if (this.calls === 0 && loaded) {
      const nonce = randomBytes(16).toString('hex');
      const closed = running.process.invoke(closeLine(nonce, this.closeWaitMs));
      const limit = new Promise<void>((resolve) => setTimeout(resolve, this.closeWaitMs + 2_000).unref());
      await Promise.race([closed.catch(() => undefined), limit]);
    }
    await running.process.dispose();
  }

  private ensure(): Running {
    if (this.disposed) throw new DisposedError();
    if (this.running) return this.running;
    let process: PowerShellProcess;
    try {
      process = this.factory();
    } catch (error) {
      process = new UnstartedProcess(errorMessage(error));
    }
    const nonce = randomBytes(16).toString('hex');
    const ready = process.invoke(loadLine(this.dispatcherText, nonce)).then(({ stdout }) => {
      const { response } = parseDispatcherOutput(stdout, nonce);
      if (!response.ok)
        throw new ProcessExitedError(`the dispatcher did not load: ${response.error.message ?? 'no reason given'}`);
      this.pid = response.pid;
      return response.pid;
    });
    // Failures surface through call(); this only keeps an unobserved rejection from crashing the host.
    ready.catch(() => undefined);
    const running: Running = { process, ready };
    this.running = running;
    return running;
  }

  private forget(running: Running | undefined): void {
    if (running && this.running === running) {
      this.running = undefined;
      this.pid = undefined;
    }
  }
}

/** Stands in for a process that could not even be spawned, so the failure reaches the caller like any other. */
class UnstartedProcess implements PowerShellProcess {
  constructor(private readonly reason: string) {}
  invoke(): Promise<InvocationOutput> {
    return Promise.reject(new ProcessExitedError(this.reason));
  }
  kill(): void {}
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
