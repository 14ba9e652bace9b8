import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PowerShell } from 'node-powershell';
import { createPrivateDir, type PrivateDir } from './privateDir';
import { ProcessExitedError, type InvocationOutput, type PowerShellProcess, type SecretOffer } from './process';
import { SecretChannel, SIDE_CHANNEL_VARIABLE } from './secretChannel';

/** Where the dispatcher writes what it is doing (one line, overwritten; read only when it stops answering). */
export const PHASE_FILE_VARIABLE = 'HVM_PHASE_FILE';
import { installSshGuard } from './sshGuard';
import { SshLog } from './sshLog';

const DISPOSE_GRACE_MS = 5_000;

/** child-shell keeps these private; we need them to notice the process dying mid-invocation (see invoke). */
interface ShellInternals {
  readonly process: ChildProcess;
  readonly exitPromise: Promise<void>;
}

/**
 * One pwsh process driven by node-powershell, with what belongs to it alone: a private folder (the ssh guard and
 * ssh's log), the credential side channel. node-powershell spawns in its constructor, so this is only built when the
 * engine has a request to run; the folder and the channel go when the process ends.
 */
export class NodePowerShellProcess implements PowerShellProcess {
  private readonly shell: PowerShell;
  private readonly exited: Promise<string>;
  private readonly dir: PrivateDir | undefined;
  private readonly channel: SecretChannel;
  private readonly sshLog: SshLog | undefined;
  private readonly phaseFile: string | undefined;
  private exitReason: string | undefined;

  constructor(executable: string, platform: NodeJS.Platform = process.platform) {
    this.dir = platform === 'win32' ? undefined : createPrivateDir('hyperv-mobility-');
    try {
      const guard = this.dir
        ? installSshGuard(this.dir.path, process.env, platform)
        : { env: process.env, logPath: undefined };
      this.sshLog = guard.logPath ? new SshLog(guard.logPath) : undefined;
      this.channel = SecretChannel.open(this.dir?.path, platform);
      this.phaseFile = this.dir ? join(this.dir.path, 'phase') : undefined;
      this.shell = new PowerShell({
        executable,
        // We read stdout ourselves even when something reached stderr.
        throwOnInvocationError: false,
        executableOptions: { '-NoProfile': true, '-NonInteractive': true },
        spawnOptions: {
          env: {
            ...guard.env,
            // A terminal type without keypad codes: with one (xterm), pwsh writes ESC[?1h right after each command's
            // end marker, in the same chunk when the command is fast, and node-powershell 5.0.1 looks for the end
            // marker only in the last 17 characters of a first chunk: the answer then never counted as arrived
            // (the rare "PowerShell stopped answering (it was writing the answer …)").
            TERM: 'dumb',
            [SIDE_CHANNEL_VARIABLE]: this.channel.clientName,
            ...(this.phaseFile ? { [PHASE_FILE_VARIABLE]: this.phaseFile } : {}),
          },
        },
      });
    } catch (error) {
      this.dir?.remove();
      throw error;
    }
    const internals = this.shell as unknown as ShellInternals;
    // child-shell's exit promise rejects on a kill; nobody else may be listening when that happens.
    internals.exitPromise.catch(() => undefined);
    // A write after the process died emits 'error' on stdin; child-shell listens only once.
    this.shell.streams.stdin.on('error', () => undefined);
    const child = internals.process;
    this.exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) =>
        resolve(signal ? `killed by ${signal}` : `exited with code ${String(code)}`),
      );
      child.once('error', (error) => resolve(`could not start ${executable}: ${error.message}`));
    }).then(async (reason) => {
      this.exitReason = reason;
      await this.channel.close();
      this.dir?.remove();
      return reason;
    });
  }

  async invoke(line: string, secret?: SecretOffer): Promise<InvocationOutput> {
    if (this.exitReason !== undefined) {
      throw new ProcessExitedError(this.exitReason);
    }
    let withdraw: (() => void) | undefined;
    if (secret) {
      await this.channel.ready();
      withdraw = this.channel.offer(secret.ticket, secret.payload);
    }
    this.sshLog?.mark();
    try {
      // When the process exits mid-invocation, node-powershell resolves with empty output or rejects, depending on
      // the signal; racing our own exit watch gives one clear answer.
      const outcome = await Promise.race([
        this.shell.invoke(line).then(
          (record) => ({ record }),
          (error: unknown) => ({ error }),
        ),
        this.exited.then((reason) => ({ exit: reason })),
      ]);
      // node-powershell keeps every command in `history`; nothing needs them.
      this.shell.history.length = 0;
      if ('exit' in outcome) {
        throw new ProcessExitedError(outcome.exit);
      }
      if ('error' in outcome) {
        const reason = await Promise.race([this.exited, new Promise<undefined>((r) => setTimeout(r, 200, undefined))]);
        throw new ProcessExitedError(
          reason ?? (outcome.error instanceof Error ? outcome.error.message : 'invocation failed'),
        );
      }
      return {
        stdout: outcome.record.stdout?.toString('utf8') ?? '',
        stderr: outcome.record.stderr?.toString('utf8') ?? '',
        sshLines: this.sshLog?.linesSinceMark() ?? [],
      };
    } finally {
      withdraw?.();
    }
  }

  lastPhase(): string | undefined {
    if (!this.phaseFile) return undefined;
    try {
      return readFileSync(this.phaseFile, 'utf8').trim().slice(0, 300) || undefined;
    } catch {
      return undefined;
    }
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
    // SIGTERM is enough for pwsh; one that does not end in time is killed.
    const timer = setTimeout(() => this.kill(), DISPOSE_GRACE_MS);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
