// Test fixture: PowerShell's own logging turned on, as an admin's security baseline would, and collected.
//
//   const logging = await PowerShellLogging.start();
//   const run = await logging.run(process.execPath, [...], { env, input });   // anything started from there logs
//   run.syslog; run.transcripts; run.stdout; run.stderr
//   await logging.stop();
//
// - Script block logging (4104, with invocation logging), module logging of every module (4103) and transcription
//   are policies in a powershell.config.json that pwsh reads with -SettingsFile (the machine-wide file in $PSHOME
//   works the same way; policies in the per-user file are not applied on Linux): `powershellPath` is a wrapper that
//   passes it, so the product's engine runs its PowerShell exactly as it would under such a policy.
// - On Linux pwsh logs those events to syslog through /dev/log. The run happens in a private mount namespace
//   (`unshare -m`, root needed) whose /dev/log is this fixture's socket, so nothing outside it is touched and the
//   events of this run alone are collected. glibc falls back to a stream socket when /dev/log is one.
// - Transcripts go to a folder of the fixture.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PWSH } from './lab';

export { findSecret } from './secretForms';

export interface LoggedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every syslog message PowerShell sent during the run. */
  readonly syslog: string;
  /** The text of every transcript written during the run. */
  readonly transcripts: readonly string[];
}

// Mounts a fresh /dev holding the usual devices and our socket as /dev/log, then runs the command.
const NAMESPACE_SETUP = `set -e
here="$1"; shift
mkdir -p "$here/olddev"
mount --rbind /dev "$here/olddev"
mount -t tmpfs tmpfs /dev
for f in null zero full random urandom tty ptmx; do
  if [ -e "$here/olddev/$f" ]; then touch "/dev/$f"; mount --bind "$here/olddev/$f" "/dev/$f"; fi
done
for d in pts shm mqueue; do
  if [ -d "$here/olddev/$d" ]; then mkdir "/dev/$d"; mount --rbind "$here/olddev/$d" "/dev/$d"; fi
done
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
touch /dev/log
mount --bind "$here/syslog.sock" /dev/log
exec "$@"
`;

export class PowerShellLogging {
  private syslogText = '';

  private constructor(
    readonly dir: string,
    private readonly server: Server,
  ) {}

  /** The PowerShell to give the engine: pwsh under the logging policies. */
  get powershellPath(): string {
    return join(this.dir, 'pwsh-logged');
  }

  get transcriptDir(): string {
    return join(this.dir, 'transcripts');
  }

  static async start(): Promise<PowerShellLogging> {
    const dir = mkdtempSync(join(tmpdir(), 'hvm-pwsh-logging-'));
    const config = {
      LogIdentity: `hvm-test-${process.pid}`,
      LogLevel: 'Verbose',
      LogChannels: 'Operational,Analytic',
      PowerShellPolicies: {
        ScriptBlockLogging: { EnableScriptBlockLogging: true, EnableScriptBlockInvocationLogging: true },
        ModuleLogging: { EnableModuleLogging: true, ModuleNames: ['*'] },
        Transcription: {
          EnableTranscripting: true,
          EnableInvocationHeader: true,
          OutputDirectory: join(dir, 'transcripts'),
        },
      },
    };
    writeFileSync(join(dir, 'powershell.config.json'), JSON.stringify(config, null, 2));
    writeFileSync(
      join(dir, 'pwsh-logged'),
      `#!/bin/sh\nexec '${PWSH}' -SettingsFile '${join(dir, 'powershell.config.json')}' "$@"\n`,
      { mode: 0o755 },
    );
    writeFileSync(join(dir, 'namespace.sh'), NAMESPACE_SETUP, { mode: 0o755 });
    const server = createServer();
    const logging = new PowerShellLogging(dir, server);
    server.on('connection', (socket) => {
      socket.on('data', (chunk: Buffer) => (logging.syslogText += chunk.toString('utf8').replace(/\0/g, '\n')));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(join(dir, 'syslog.sock'), resolve);
    });
    return logging;
  }

  /** Runs `command` in a mount namespace where PowerShell's syslog reaches this fixture; `input` goes to its stdin. */
  run(
    command: string,
    args: readonly string[],
    options: { env: NodeJS.ProcessEnv; input?: string; cwd?: string },
  ): Promise<LoggedRun> {
    const before = this.syslogText.length;
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(
        'unshare',
        ['-m', '--propagation', 'private', 'bash', join(this.dir, 'namespace.sh'), this.dir, command, ...args],
        {
          env: options.env,
          cwd: options.cwd,
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        // syslog messages are sent before the process exits; give the socket a moment to deliver the last ones.
        setTimeout(
          () =>
            resolve({
              code,
              stdout,
              stderr,
              syslog: this.syslogText.slice(before),
              transcripts: this.transcriptsSince(started),
            }),
          500,
        );
      });
      child.stdin.end(options.input ?? '');
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private transcriptsSince(startedMs: number): string[] {
    const out: string[] = [];
    const walk = (path: string): void => {
      let entries: string[];
      try {
        entries = readdirSync(path);
      } catch {
        return;
      }
      for (const name of entries) {
        const full = join(path, name);
        const stat = statSync(full);
        if (stat.isDirectory()) walk(full);
        else if (stat.mtimeMs >= startedMs - 1000) out.push(readFileSync(full, 'utf8'));
      }
    };
    walk(this.transcriptDir);
    return out;
  }
}
