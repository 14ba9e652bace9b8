import { loadLine } from './payload';
import { ProcessExitedError, type InvocationOutput, type PowerShellProcess, type PowerShellProcessFactory } from './process';
import { parseDispatcherOutput } from './response';

interface Running {
  readonly process: PowerShellProcess;
  readonly ready: Promise<number>;
}

/**
 * Keeps one local PowerShell process with the dispatcher loaded. Started on the first call, not before; when it dies,
 * the call in flight fails and the next call starts a fresh one (remote sessions are reopened by the dispatcher).
 */
export class DispatcherHost {
  private running: Running | undefined;
  private pid: number | undefined;

  constructor(
    private readonly factory: PowerShellProcessFactory,
    private readonly dispatcherText: string,
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

  async call(line: string): Promise<InvocationOutput> {
    const running = this.ensure();
    try {
      await running.ready;
      return await running.process.invoke(line);
    } catch (error) {
      // Whatever went wrong, this process is no longer trusted: the next call starts a fresh one.
      this.forget(running);
      running.process.kill();
      throw error;
    }
  }

  /** Ends the current process at once; the next call starts another. */
  kill(): void {
    const running = this.running;
    if (running) {
      this.forget(running);
      running.process.kill();
    }
  }

  async dispose(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await running.process.dispose();
  }

  private ensure(): Running {
    if (this.running) return this.running;
    let process: PowerShellProcess;
    try {
      process = this.factory();
    } catch (error) {
      process = new UnstartedProcess(error instanceof Error ? error.message : String(error));
    }
    const ready = process.invoke(loadLine(this.dispatcherText)).then(({ stdout }) => {
      const { response } = parseDispatcherOutput(stdout);
      if (!response.ok) throw new ProcessExitedError(`the dispatcher did not load: ${response.error.message}`);
      this.pid = response.pid;
      return response.pid;
    });
    // Failures surface through call(); this only keeps an unobserved rejection from crashing the host.
    ready.catch(() => undefined);
    const running: Running = { process, ready };
    this.running = running;
    return running;
  }

  private forget(running: Running): void {
    if (this.running === running) {
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
