import type { ChildProcess } from 'node:child_process';
import { PowerShell } from 'node-powershell';
import { ProcessExitedError, type InvocationOutput, type PowerShellProcess } from './process';
import { sshGuardEnv } from './sshGuard';

/** child-shell keeps these private; we need them to notice the process dying mid-invocation (see invoke). */
interface ShellInternals {
  readonly process: ChildProcess;
  readonly exitPromise: Promise<void>;
}

/**
 * One pwsh process driven by node-powershell. node-powershell spawns in its constructor, so this is only built when
 * the engine has a request to run.
 */
export class NodePowerShellProcess implements PowerShellProcess {
  private readonly shell: PowerShell;
  private readonly exited: Promise<string>;
  private exitReason: string | undefined;

  constructor(executable: string) {
    this.shell = new PowerShell({
      executable,
      // We read stdout ourselves even when something reached stderr (ssh, for one, writes to the console).
      throwOnInvocationError: false,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true },
      spawnOptions: { env: sshGuardEnv(process.env) },
    });
    const internals = this.shell as unknown as ShellInternals;
    // child-shell's exit promise rejects on a kill; nobody else may be listening when that happens.
    internals.exitPromise.catch(() => undefined);
    // A write after the process died emits 'error' on stdin; child-shell listens only once.
    this.shell.streams.stdin.on('error', () => undefined);
    const child = internals.process;
    this.exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${String(code)}`));
      child.once('error', (error) => resolve(`could not start ${executable}: ${error.message}`));
    }).then((reason) => {
      this.exitReason = reason;
      return reason;
    });
  }

  async invoke(line: string): Promise<InvocationOutput> {
    if (this.exitReason !== undefined) {
      throw new ProcessExitedError(this.exitReason);
    }
    // When the process exits mid-invocation, node-powershell resolves with empty output or rejects, depending on
    // the signal; racing our own exit watch gives one clear answer.
    const outcome = await Promise.race([
      this.shell.invoke(line).then(
        (record) => ({ record }),
        (error: unknown) => ({ error }),
      ),
      this.exited.then((reason) => ({ exit: reason })),
    ]);
    // node-powershell keeps every command in `history`; ours carry credentials, so keep none.
    this.shell.history.length = 0;
    if ('exit' in outcome) {
      throw new ProcessExitedError(outcome.exit);
    }
    if ('error' in outcome) {
      const reason = await Promise.race([this.exited, new Promise<undefined>((r) => setTimeout(r, 200, undefined))]);
      throw new ProcessExitedError(reason ?? (outcome.error instanceof Error ? outcome.error.message : 'invocation failed'));
    }
    return {
      stdout: outcome.record.stdout?.toString('utf8') ?? '',
      stderr: outcome.record.stderr?.toString('utf8') ?? '',
    };
  }

  kill(): void {
    (this.shell as unknown as ShellInternals).process.kill('SIGKILL');
  }

  async dispose(): Promise<void> {
    try {
      await this.shell.dispose();
    } catch {
      // already gone
    }
  }
}
