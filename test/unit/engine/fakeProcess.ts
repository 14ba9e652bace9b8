// A stand-in for the local pwsh: records every line written (and every side-channel offer) and answers like the
// dispatcher would, echoing the request's nonce.
import {
  ProcessExitedError,
  type InvocationOutput,
  type PowerShellProcess,
  type SecretOffer,
} from '../../../src/engine/process';
import type { DispatcherRequest } from '../../../src/engine/payload';

export type Answer = (request: DispatcherRequest, secret?: SecretOffer) => unknown;

export function decodeRequestLine(line: string): DispatcherRequest {
  const match = /^Invoke-HvmRequest '([A-Za-z0-9+/=]+)'$/.exec(line);
  if (!match?.[1]) throw new Error(`not a request line: ${line.slice(0, 80)}`);
  return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as DispatcherRequest;
}

export class FakeProcess implements PowerShellProcess {
  readonly lines: string[] = [];
  readonly offers: SecretOffer[] = [];
  killed = false;
  disposed = false;
  private dead: string | undefined;
  private pending: ((reason: string) => void)[] = [];

  constructor(
    readonly pid: number,
    private readonly answer: Answer,
    /** Extra text the "console" prints around the answer (a host's output, terminal sequences). */
    private readonly noise: () => string = () => '',
    /** What ssh "wrote to its log" during each request. */
    private readonly sshLines: () => string[] = () => [],
  ) {}

  async invoke(line: string, secret?: SecretOffer): Promise<InvocationOutput> {
    if (this.dead) throw new ProcessExitedError(this.dead);
    this.lines.push(line);
    if (secret) this.offers.push(secret);
    const load = /^\. \(\[scriptblock\]::Create\(.*Initialize-HvmDispatcher '([0-9a-f]+)'$/.exec(line);
    if (load) {
      return {
        stdout: `${JSON.stringify({ ok: true, nonce: load[1], pid: this.pid, psVersion: '7.6.9' })}\n`,
        stderr: '',
      };
    }
    const close = /^Close-HvmSessions '([0-9a-f]+)' \d+$/.exec(line);
    if (close)
      return { stdout: `${JSON.stringify({ ok: true, nonce: close[1], pid: this.pid, results: [] })}\n`, stderr: '' };
    const request = decodeRequestLine(line);
    const answer = await Promise.race([
      Promise.resolve(this.answer(request, secret)).then((value) => ({ value })),
      new Promise<{ died: string }>((resolve) => this.pending.push((died) => resolve({ died }))),
    ]);
    if ('died' in answer) throw new ProcessExitedError(answer.died);
    const value = answer.value;
    // Answers are plain objects that get the request's nonce, like the dispatcher's; anything else goes out as is.
    const text =
      typeof value === 'object' && value !== null
        ? JSON.stringify({ nonce: request.nonce, ...value })
        : JSON.stringify(value);
    return { stdout: `\u001b[?1h${this.noise()}\n${text}\n\u001b[?1l`, stderr: '', sshLines: this.sshLines() };
  }

  kill(): void {
    this.killed = true;
    this.die('killed by SIGKILL');
  }

  die(reason: string): void {
    this.dead = reason;
    for (const p of this.pending) p(reason);
    this.pending = [];
  }

  dispose(): Promise<void> {
    this.disposed = true;
    this.die('disposed');
    return Promise.resolve();
  }
}

/** Every host answers with the script's "output" computed from its parameters. */
export function okAnswer(value: (parameters: Record<string, unknown>, host: string) => unknown, pid = 4242): Answer {
  return (request) => ({
    ok: true,
    pid,
    results: request.hosts.map((h) => ({
      host: h.name,
      index: h.index,
      ok: true,
      ms: 5,
      json: JSON.stringify({ ok: true, value: value(JSON.parse(h.parameters) as Record<string, unknown>, h.name) }),
    })),
  });
}
