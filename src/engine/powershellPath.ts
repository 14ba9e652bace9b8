/** Where the local PowerShell comes from: the user's setting, else `pwsh` on PATH, else Windows PowerShell on Windows. */
export interface PowerShellPathInput {
  /** The `hypervMobility.powershellPath` setting; blank means unset. */
  readonly configured?: string;
  readonly platform: NodeJS.Platform;
  /** Finds an executable on PATH (e.g. `which`); returns its full path or undefined. */
  readonly findOnPath: (name: string) => string | undefined;
}

export interface PowerShellPathResult {
  readonly path: string;
  readonly source: 'setting' | 'path' | 'windows';
}

export function resolvePowerShellPath(input: PowerShellPathInput): PowerShellPathResult | undefined {
  const configured = input.configured?.trim();
  if (configured) {
    return { path: configured, source: 'setting' };
  }
  const pwsh = input.findOnPath(input.platform === 'win32' ? 'pwsh.exe' : 'pwsh');
  if (pwsh) {
    return { path: pwsh, source: 'path' };
  }
  if (input.platform === 'win32') {
    // Always present on Windows; the dispatcher and bootstrap are written to run under 5.1.
    return { path: input.findOnPath('powershell.exe') ?? 'powershell.exe', source: 'windows' };
  }
  return undefined;
}
