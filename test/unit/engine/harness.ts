// A PowerShellEngine over fake PowerShell processes (fakeProcess.ts), for the engine's unit tests.
import type { HostOperation } from '../../../src/contract/hostOperation';
import { dispatcherScript } from '../../../src/engine/dispatcherScript';
import { PowerShellEngine, type PowerShellEngineOptions } from '../../../src/engine/engine';
import type { HostTarget, RequestLogEntry } from '../../../src/contract/hostRunner';
import { FakeProcess, type Answer } from './fakeProcess';

export interface HarnessOptions extends Partial<
  Omit<PowerShellEngineOptions, 'processFactory' | 'dispatcherText' | 'logger'>
> {
  readonly noise?: () => string;
  readonly sshLines?: () => string[];
}

export class Harness {
  readonly processes: FakeProcess[] = [];
  readonly log: RequestLogEntry[] = [];
  readonly engine: PowerShellEngine;

  constructor(answer: Answer, options: HarnessOptions = {}) {
    const { noise, sshLines, ...engineOptions } = options;
    this.engine = new PowerShellEngine({
      graceMs: 50,
      ...engineOptions,
      dispatcherText: dispatcherScript,
      processFactory: () => {
        const p = new FakeProcess(1000 + this.processes.length, answer, noise, sshLines);
        this.processes.push(p);
        return p;
      },
      logger: { log: (e) => this.log.push(e) },
    });
  }

  requestLines(): string[] {
    return this.processes.flatMap((p) => p.lines.filter((l) => l.startsWith('Invoke-HvmRequest')));
  }
}

export function echo(parameters: Record<string, string> = { Name: 'x' }, idempotent = true): HostOperation<unknown> {
  return { script: { name: 'echo.ps1', text: 'param($Name) $Name' }, parameters, idempotent, parse: (v) => v };
}

export const ssh = (name: string, address = '127.0.0.9'): HostTarget => ({
  connection: { name, transport: 'ssh', address, port: 22, userName: 'admin' },
});

export const wsman = (name: string, password: string, userName = 'CORP\\admin'): HostTarget => ({
  connection: { name, transport: 'wsman', authentication: 'Negotiate', userName },
  credential: { userName, password },
});

/** Resolves after `ms`; for letting queued work reach its place. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Never settles: a request the fake PowerShell is "still running". */
export const never = (): Promise<never> => new Promise<never>(() => undefined);
