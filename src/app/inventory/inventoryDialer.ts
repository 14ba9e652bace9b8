import { needsPassword, toHostConnection, type ConnectionEntry } from '../../core/connections/connectionEntry';
import { describeDestination } from '../../core/connections/credentialDestination';
import type { HostInventory } from '../../core/inventory/inventory';
import type { HostErrorInfo, HostResult, HostTarget } from '../../contract/hostRunner';
import { errorMessage } from '../../contract/errorMessage';
import type { CredentialOptions } from '../connections/credentialBroker';
import type { InventoryServiceDeps } from './inventoryService';

/** A source ready to be dialled, or why it is not dialled. */
export type Prepared =
  { readonly source: Source; readonly target: HostTarget } | { readonly source: Source; readonly error: HostErrorInfo };

/** A host the inventory asks for. */
export interface Source {
  /**
   * The host's identity: the entry's name, or the node's name as its cluster reported it (for a cluster's first
   * contact: the cluster's name, a way in and not a host).
   */
  readonly name: string;
  readonly entry: ConnectionEntry;
  /** Set when the target is a node discovered through a cluster entry. */
  readonly nodeOf?: string;
}

/**
 * How the inventory reaches its hosts (InventoryService decides which and files the answers): each host's target
 * with its password when its connection needs one, one request for all of them, a new password when one is refused.
 */
export class InventoryDialer {
  constructor(
    private readonly deps: Pick<InventoryServiceDeps, 'runner' | 'credentials' | 'operation' | 'timeoutMs'>,
  ) {}

  /** One request for every prepared source; the others answer with why they were not dialled. */
  async dial(
    prepared: readonly Prepared[],
    retryNow: boolean,
  ): Promise<{ source: Source; result: HostResult<HostInventory> }[]> {
    const ready = prepared.filter((p): p is Extract<Prepared, { target: HostTarget }> => 'target' in p);
    let answers: HostResult<HostInventory>[] = [];
    if (ready.length) {
      try {
        answers = await this.deps.runner().run(
          this.deps.operation(),
          ready.map((p) => p.target),
          { timeoutMs: this.deps.timeoutMs?.(), retryNow },
        );
      } catch (e) {
        answers = ready.map((p) =>
          failed(p.source, this.scriptName(), 'process', `The request failed: ${errorMessage(e)}`),
        );
      }
    }
    // The answers come in the order of `ready`, which keeps the order of `prepared`: walk both together.
    let next = 0;
    return prepared.map((p) => {
      if ('error' in p)
        return { source: p.source, result: { host: p.source.name, ok: false, error: p.error, durationMs: 0 } };
      return {
        source: p.source,
        result: answers[next++] ?? failed(p.source, this.scriptName(), 'process', 'No answer for this host.'),
      };
    });
  }

  /** The host refused the password: ask again (once); false when the user gave up or the store failed. */
  async renewed(s: Source): Promise<boolean> {
    try {
      return (await this.deps.credentials.renew(s.entry, s.name)) !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * The target for a source, with its password when its connection needs one. Without a password (the prompt was
   * dismissed, or secret storage failed) the host is not dialled: connecting as the wrong account or without a
   * password only fails, and repeated failures can lock the account.
   */
  async prepare(s: Source, options: CredentialOptions): Promise<Prepared> {
    const connection = toHostConnection(s.entry, s.nodeOf ? s.name : undefined);
    if (!needsPassword(s.entry)) return { source: s, target: { connection } };
    try {
      const credential = await this.deps.credentials.get(s.entry, s.name, options);
      if (credential) return { source: s, target: { connection, credential } };
      const text = `No password for ${describeDestination(s.entry)}: the password prompt was dismissed. Use Retry on ${s.name} to enter it.`;
      return { source: s, error: { host: s.name, script: this.scriptName(), kind: 'authentication', message: text } };
    } catch (e) {
      return {
        source: s,
        error: {
          host: s.name,
          script: this.scriptName(),
          kind: 'authentication',
          message: `The saved password could not be read: ${errorMessage(e)}`,
        },
      };
    }
  }

  scriptName(): string {
    return this.deps.operation().script.name;
  }
}

function failed(s: Source, script: string, kind: HostErrorInfo['kind'], text: string): HostResult<HostInventory> {
  return { host: s.name, ok: false, error: { host: s.name, script, kind, message: text }, durationMs: 0 };
}
