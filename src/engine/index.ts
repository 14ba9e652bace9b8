import { dispatcherScript } from './dispatcherScript';
import { PowerShellEngine, type PowerShellEngineOptions } from './engine';
import { findOnPath } from './findOnPath';
import { NodePowerShellProcess } from './nodePowerShellProcess';
import { resolvePowerShellPath } from './powershellPath';

export { PowerShellEngine, outcomeOf } from './engine';
export type { PowerShellEngineOptions } from './engine';
export { resolvePowerShellPath } from './powershellPath';

export interface CreateEngineOptions extends Omit<PowerShellEngineOptions, 'processFactory' | 'dispatcherText'> {
  /** The `hypervMobility.powershellPath` setting. */
  readonly powershellPath?: string;
}

/** The composition the extension uses: node-powershell, the bundled dispatcher, PowerShell found as documented. */
export function createPowerShellEngine(options: CreateEngineOptions = {}): PowerShellEngine {
  const { powershellPath, ...rest } = options;
  return new PowerShellEngine({
    ...rest,
    dispatcherText: dispatcherScript,
    processFactory: () => {
      const resolved = resolvePowerShellPath({
        configured: powershellPath,
        platform: process.platform,
        findOnPath: (n) => findOnPath(n),
      });
      if (!resolved)
        throw new Error('PowerShell was not found: install PowerShell 7 (pwsh) or set hypervMobility.powershellPath.');
      return new NodePowerShellProcess(resolved.path);
    },
  });
}
