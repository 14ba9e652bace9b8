import { errorMessage } from '../../contract/errorMessage';
import type { Listener, Subscription } from '../events';

export interface FollowRunningMovesDeps {
  /** Fires whenever the inventory changes. */
  readonly onInventory: (listener: Listener<unknown>) => Subscription;
  /** The hosts the inventory knows now. */
  readonly hosts: () => readonly string[];
  /** Resumes this window's recorded moves and adopts the moves the hosts report running. */
  readonly restoreMigrations: (hosts: readonly string[]) => Promise<unknown>;
  /** Resumes recorded drains and resumes. */
  readonly restoreMaintenance: () => Promise<void>;
  readonly reportError: (message: string) => void;
}

/**
 * Once the hosts have first answered, moves still running on them (started before a reload, or elsewhere) are
 * followed: not before, since adoption asks exactly those hosts what they are running.
 */
export function followRunningMovesOnce(deps: FollowRunningMovesDeps): Subscription {
  let done = false;
  return deps.onInventory(() => {
    const hosts = deps.hosts();
    if (done || hosts.length === 0) return;
    done = true;
    deps
      .restoreMigrations(hosts)
      .catch((e: unknown) => deps.reportError(`Following running migrations failed: ${errorMessage(e)}`));
    deps
      .restoreMaintenance()
      .catch((e: unknown) => deps.reportError(`Following drains and resumes failed: ${errorMessage(e)}`));
  });
}
