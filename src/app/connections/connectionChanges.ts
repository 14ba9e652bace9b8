import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import { sameDestination } from '../../core/connections/credentialDestination';
import { errorMessage } from '../../contract/errorMessage';

export interface ConnectionChangesDeps {
  readonly settings: {
    upsert(entry: ConnectionEntry, originalName?: string): Promise<void>;
    remove(name: string): Promise<void>;
  };
  readonly credentials: { forget(entry: ConnectionEntry): Promise<void> };
  readonly inventory: { prune(): void; retryHost(...names: string[]): Promise<void> };
  /** A step after the settings were saved failed; the change itself stands. */
  readonly reportError: (message: string) => void;
}

/**
 * What Add, Edit and Remove Connection change, in order. The settings write comes first and its failure rejects
 * (nothing else happens); what follows it (forgetting a password, refreshing) is reported, never thrown, so no
 * command leaves a rejected promise behind.
 */
export class ConnectionChanges {
  constructor(private readonly deps: ConnectionChangesDeps) {}

  async add(entry: ConnectionEntry): Promise<void> {
    await this.deps.settings.upsert(entry);
    this.refresh(entry.name);
  }

  /**
   * A password saved for the old destination is deleted when the destination changes (it never goes to the new one);
   * a rename alone keeps it, since passwords belong to destinations, not names.
   */
  async edit(before: ConnectionEntry, after: ConnectionEntry): Promise<void> {
    await this.deps.settings.upsert(after, before.name);
    if (!sameDestination(before, after)) await this.forget(before);
    this.deps.inventory.prune();
    this.refresh(after.name);
  }

  async remove(entry: ConnectionEntry): Promise<void> {
    await this.deps.settings.remove(entry.name);
    await this.forget(entry);
    this.deps.inventory.prune();
  }

  private async forget(entry: ConnectionEntry): Promise<void> {
    try {
      await this.deps.credentials.forget(entry);
    } catch (e) {
      this.deps.reportError(
        `The saved password of ${entry.name} could not be deleted from secret storage: ${errorMessage(e)}`,
      );
    }
  }

  /** The user just gave this connection: asking for its password is expected, even if dismissed before. */
  private refresh(name: string): void {
    this.deps.inventory
      .retryHost(name)
      .catch((e: unknown) => this.deps.reportError(`Refreshing ${name} failed: ${errorMessage(e)}`));
  }
}
