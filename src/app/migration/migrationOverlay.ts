import { isFinal, type MigrationJob } from '../../core/migration/model';
import type { Migrating } from '../../core/inventory/tree/vmNodes';
import { Emitter } from '../events';
import { idKey } from '../../core/names';

/**
 * What the tree shows of running moves: VM id → percent, or 'queued' while the move waits for a slot (a queued move
 * has not begun: "Migrating 0 %" would say otherwise). It fires only when that map really changes (a VM starts or
 * stops moving, or its whole percent moves on), so progress ticks do not rebuild a large tree for nothing.
 */
export class MigrationOverlay {
  private current: Map<string, number | 'queued'> = new Map();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly jobs: () => readonly MigrationJob[],
    onJobChange: (listener: () => void) => { dispose(): void },
  ) {
    this.subscription = onJobChange(() => this.update());
    this.update();
  }

  readonly migrating = (): Migrating => this.current;

  private update(): void {
    const next = new Map<string, number | 'queued'>();
    for (const j of this.jobs())
      if (!isFinal(j.status)) next.set(idKey(j.vm.id), j.status === 'queued' ? 'queued' : Math.round(j.percent));
    if (next.size === this.current.size && [...next].every(([k, v]) => this.current.get(k) === v)) return;
    this.current = next;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
