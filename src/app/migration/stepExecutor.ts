import type { ExecutorContext } from './executorContext';
import { errorDetail } from '../../contract/errorMessage';
import { isMovingStep } from '../../core/migration/planSteps';
import { followMove, learnMove, sendCancel, sendMove, verifyMove } from './movingStep';
import { nextAction } from './nextAction';
import { learnRole, rollBack, sendRole, stop, verifyEnd } from './roleSteps';

/**
 * Drives each job to its end, one action at a time, each decided afresh from the job as recorded (nextAction). So a
 * job restored after a reload goes on exactly where it was; a request whose answer was lost is asked of the hosts
 * before anything is sent again; a restored job's first start is checked against the host even when the record says
 * it never went out (the save of that record may have failed).
 */
export class StepExecutor {
  private readonly driving = new Map<string, Promise<void>>();
  private readonly askFirst = new Set<string>();
  private readonly cancelSent = new Set<string>();

  constructor(private readonly ctx: ExecutorContext) {}

  /** Drives the job until it ends (or the executor stops). `restored`: from history, not started by this service. */
  drive(id: string, restored: boolean): Promise<void> {
    const running = this.driving.get(id);
    if (running) return running;
    if (restored) this.askFirst.add(id);
    const p = this.loop(id)
      .catch((e: unknown) =>
        this.ctx.log.error(
          `Migration ${this.ctx.job(id)?.vm.name ?? id}: the executor stopped on an unexpected error: ${errorDetail(e)}`,
        ),
      )
      .finally(() => {
        this.driving.delete(id);
        this.askFirst.delete(id);
        this.cancelSent.delete(id);
        this.ctx.releaseSlot(id);
      });
    this.driving.set(id, p);
    return p;
  }

  isDriving(id: string): boolean {
    return this.driving.has(id);
  }

  /** Every job being driven, to wait for (tests, shutdown). */
  running(): Promise<void>[] {
    return [...this.driving.values()];
  }

  /** A cancel was recorded: when the move runs on its host now, terminate it there at once. */
  async cancelNow(id: string): Promise<void> {
    const job = this.ctx.job(id);
    if (!job) return;
    const a = nextAction(job);
    if (a.type !== 'follow' || this.cancelSent.has(id)) return;
    this.cancelSent.add(id);
    await sendCancel(this.ctx, id, a.index);
  }

  dispose(): void {
    this.ctx.dispose();
  }

  private async loop(id: string): Promise<void> {
    while (!this.ctx.stopped) {
      const job = this.ctx.job(id);
      if (!job) return;
      const a = nextAction(job);
      if (a.type === 'none') return;
      await this.act(id, a);
      // Every action changes the job or waits; this guards against one that did neither spinning the loop.
      if (this.ctx.job(id) === job) await this.ctx.sleep(this.ctx.timings.retryMs);
    }
  }

  private async act(id: string, a: Exclude<ReturnType<typeof nextAction>, { type: 'none' }>): Promise<void> {
    const job = this.ctx.job(id)!;
    switch (a.type) {
      case 'send': {
        const moving = isMovingStep(job.plan!.steps[a.index]!);
        if (moving && this.askFirst.delete(id)) {
          // The record may not know of a start that went out before the reload: treat it as sent and ask.
          await this.ctx.apply(id, {
            type: 'sent',
            index: a.index,
            at: job.updatedAt ?? job.startedAt ?? job.createdAt,
          });
          return;
        }
        return moving ? sendMove(this.ctx, id, a.index) : sendRole(this.ctx, id, a.index);
      }
      case 'learn':
        return isMovingStep(job.plan!.steps[a.index]!)
          ? learnMove(this.ctx, id, a.index)
          : learnRole(this.ctx, id, a.index);
      case 'follow':
        if (job.cancelRequested && !this.cancelSent.has(id)) {
          this.cancelSent.add(id);
          await sendCancel(this.ctx, id, a.index);
        }
        return followMove(this.ctx, id, a.index);
      case 'verifyMove':
        return verifyMove(this.ctx, id, a.index);
      case 'verifyEnd':
        return verifyEnd(this.ctx, id);
      case 'stop':
        return stop(this.ctx, id);
      case 'rollBack':
        return rollBack(this.ctx, id);
    }
  }
}
