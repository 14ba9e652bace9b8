import type { HostOperation } from '../contract/hostOperation';
import type { HostResult, HostRunner, HostTarget, RunOptions } from '../contract/hostRunner';

/**
 * Creates the real runner (and so the PowerShell process) on the first request, not before: activation stays cheap
 * and a user who never opens the view never starts PowerShell. Recreated when settings that shape it change.
 */
export class LazyRunner implements HostRunner {
  private runner: HostRunner | undefined;

  constructor(private readonly create: () => HostRunner) {}

  get started(): boolean {
    return this.runner !== undefined;
  }

  private get(): HostRunner {
    this.runner ??= this.create();
    return this.runner;
  }

  run<R>(operation: HostOperation<R>, targets: readonly HostTarget[], options?: RunOptions): Promise<HostResult<R>[]> {
    return this.get().run(operation, targets, options);
  }

  runOne<R>(operation: HostOperation<R>, target: HostTarget, options?: RunOptions): Promise<R> {
    return this.get().runOne(operation, target, options);
  }

  /** Drops the current runner (e.g. the PowerShell path changed); the next request starts a new one. */
  async reset(): Promise<void> {
    const r = this.runner;
    this.runner = undefined;
    await r?.dispose();
  }

  async dispose(): Promise<void> {
    await this.reset();
  }
}
