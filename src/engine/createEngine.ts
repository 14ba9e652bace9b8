import type { HostRunner, RequestLogger } from './types';

export interface EngineOptions {
  readonly powershellPath?: string;
  readonly logger: RequestLogger;
}

/** Builds the PowerShell engine (wired to the engine class once it lands). */
export function createEngine(_options: EngineOptions): HostRunner {
  throw new Error('The PowerShell engine is not wired yet.');
}
