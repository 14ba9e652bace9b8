import {
  validateSettingsChange,
  type HostMigrationSettings,
  type MigrationSettingsChange,
  type SettingsProblem,
} from '../../core/migration/hostSettings';
import { getMigrationSettings, setMigrationSettings } from '../../core/migration/operations/migrationSettings';
import type { HostRunner } from '../../contract/hostRunner';
import type { TargetResolver } from './hostTargets';

export class InvalidSettingsError extends Error {
  constructor(readonly problems: readonly SettingsProblem[]) {
    super(problems.map((p) => p.message).join(' '));
    this.name = 'InvalidSettingsError';
  }
}

/** Reads and changes a host's migration settings; a change is validated against the current values before sending. */
export class HostMigrationSettingsService {
  constructor(
    private readonly runner: () => HostRunner,
    private readonly target: TargetResolver,
    /** Absent: the engine's default, from the user's request timeout setting. */
    private readonly timeoutMs?: number,
  ) {}

  async get(host: string): Promise<HostMigrationSettings> {
    return this.runner().runOne(getMigrationSettings(), await this.target(host), { timeoutMs: this.timeoutMs });
  }

  /** Validates, applies, and answers with the settings as the host now reports them. */
  async change(
    host: string,
    change: MigrationSettingsChange,
    current?: HostMigrationSettings,
  ): Promise<HostMigrationSettings> {
    const base = current ?? (await this.get(host));
    const problems = validateSettingsChange(change, base);
    if (problems.length) throw new InvalidSettingsError(problems);
    return this.runner().runOne(setMigrationSettings(change), await this.target(host), { timeoutMs: this.timeoutMs });
  }

  /** "Turn on live migration on the destination": the preflight's fix. */
  enableMigration(host: string): Promise<HostMigrationSettings> {
    return this.change(host, { migrationEnabled: true });
  }
}
