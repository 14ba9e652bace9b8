import { errorMessage } from '../contract/errorMessage';
/** What changes when the user edits the extension's settings. */
export interface SettingsChangeDeps {
  /** The connection list changed: read it again and forget what belongs to removed entries. */
  readonly reloadConnections: () => void;
  /** Whether anything is (or was) shown that a refresh should bring up to date. */
  readonly shouldRefresh: () => boolean;
  readonly refreshAll: () => Promise<void>;
  /** The PowerShell path or request timeout changed: the next request starts a new engine. */
  readonly resetEngine: () => Promise<void>;
  readonly reportError: (message: string) => void;
}

/**
 * Applies a settings change. Each part runs on its own, so a refresh that fails does not keep the engine from being
 * reset with the new PowerShell path; failures are reported and the returned promise never rejects.
 */
export async function applySettingsChange(
  affects: (setting: string) => boolean,
  deps: SettingsChangeDeps,
): Promise<void> {
  if (affects('hypervMobility.hosts')) {
    await attempt(deps, 'Reading the changed connections failed', async () => {
      deps.reloadConnections();
      if (deps.shouldRefresh()) await deps.refreshAll();
    });
  }
  if (affects('hypervMobility.powershellPath') || affects('hypervMobility.requestTimeoutSeconds')) {
    await attempt(deps, 'Restarting PowerShell with the new settings failed', deps.resetEngine);
  }
}

async function attempt(deps: SettingsChangeDeps, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    deps.reportError(`${what}: ${errorMessage(e)}`);
  }
}
