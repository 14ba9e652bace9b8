/**
 * WinRM where PowerShell has no WinRM client of its own. pwsh on Linux and macOS reaches WinRM only through the PSWSMan
 * module (and never with CredSSP); SSH works everywhere. The engine's dispatcher refuses such a connection with this
 * error id and a message saying what to do; the connection wizard says it before the choice is made.
 */
export const winrmUnavailableErrorId = 'WinRMUnavailableHere';

/** Whether WinRM needs more than PowerShell itself on this platform (`process.platform`). */
export function winrmNeedsExtraClient(platform: string): boolean {
  return platform !== 'win32';
}

/** What the wizard tells a user who picks WinRM where it needs more; undefined where WinRM just works. */
export function winrmNote(platform: string): string | undefined {
  if (!winrmNeedsExtraClient(platform)) return undefined;
  const where = platform === 'darwin' ? 'macOS' : 'Linux';
  return `WinRM from ${where} needs the PSWSMan module (Install-Module PSWSMan, then Install-WSMan) and cannot use CredSSP; SSH is recommended here.`;
}
