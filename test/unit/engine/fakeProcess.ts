// A stand-in for the local pwsh: records every line written and answers like the dispatcher would.
import { ProcessExitedError, type InvocationOutput, type PowerShellProcess } from '../../../src/engine/process';
import type { DispatcherRequest } from '../../../src/engine/payload';

export type Answer = (request: DispatcherRequest) => unknown;

export function decodeRequestLine(line: string): DispatcherRequest {
  const match = /^Invoke-HvmRequest '([A-Za-z0-9+/=]+)'$/.exec(line);
  if (!match?.[1]) throw new Error(`not a request line: ${line.slice(0, 80)}`);
  return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as DispatcherRequest;
}

export class FakeProcess implements PowerShellProcess {
  readonly lines: string[] = [];
  killed = false;
  private dead: string | undefined;
  private pending: ((reason: string) => void)[] = [];

  constructor(
    readonly pid: number,
    private readonly answer: Answer,
    /** Extra text the "console" prints around the answer (ssh chatter, terminal sequences). */
    private readonly noise: () => string = () => '',
  ) {}

  async invoke(line: string): Promise<InvocationOutput> {
    if (this.dead) throw new ProcessExitedError(this.dead);
    this.lines.push(line);
    if (line.startsWith('. ([scriptblock]::Create(')) {
      return { stdout: `${JSON.stringify({ ok: true, pid: this.pid, psVersion: '7.6.9' })}\n`, stderr: '' };
    }
    const request = decodeRequestLine(line);
    const answer = await Promise.race([
      Promise.resolve(this.answer(request)).then((value) => ({ value })),
      new Promise<{ died: string }>((resolve) => this.pending.push((died) => resolve({ died }))),
    ]);
    if ('died' in answer) throw new ProcessExitedError(answer.died);
    return { stdout: `\u001b[?1h${this.noise()}\n${JSON.stringify(answer.value)}\n\u001b[?1l`, stderr: '' };
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
