// A process group we started (spawned detached = setsid, so its pid is its group id): killed as a whole by stop(),
// and no matter what when this process exits, so that no code-server or extension host outlives the tests.
import { waitFor } from '../poll';

const exitCodeOf = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type HandledSignal = keyof typeof exitCodeOf;
const handledSignals = Object.keys(exitCodeOf) as HandledSignal[];

export class ProcessGroup {
  private readonly onExit = (): void => {
    this.kill('SIGKILL');
  };
  /** Ctrl-C or a killed test run: exit, which runs the 'exit' handlers, ours included. */
  private readonly onSignal = (signal: HandledSignal): void => {
    process.exit(128 + exitCodeOf[signal]);
  };

  /** Takes charge of the group `pgid` until stop(): `what` names it in messages (e.g. 'code-server'). */
  constructor(
    readonly pgid: number,
    private readonly what: string,
  ) {
    process.on('exit', this.onExit);
    for (const signal of handledSignals) process.once(signal, this.onSignal);
  }

  /** Sends `signal` to every process of the group; false when the group is gone (ESRCH). */
  kill(signal: NodeJS.Signals): boolean {
    try {
      process.kill(-this.pgid, signal);
      return true;
    } catch {
      return false;
    }
  }

  alive(): boolean {
    try {
      process.kill(-this.pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGTERM, up to 5 s for the group to exit, then SIGKILL; then lets go of it. */
  async stop(): Promise<void> {
    const gone = (): true | undefined => (this.alive() ? undefined : true);
    if (this.kill('SIGTERM')) {
      try {
        await waitFor(`${this.what} to exit`, gone, 5_000, undefined, 100);
      } catch {
        this.kill('SIGKILL');
        await waitFor(`${this.what} to die`, gone, 5_000, undefined, 100).catch(() => undefined);
      }
    }
    process.removeListener('exit', this.onExit);
    for (const signal of handledSignals) process.removeListener(signal, this.onSignal);
  }
}
