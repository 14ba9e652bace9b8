import type { HostOperation } from '../../../src/contract/hostOperation';
import { HostError, type HostResult, type HostRunner, type HostTarget } from '../../../src/contract/hostRunner';

/** What every fake runner shares: runOne is run for one host (its error thrown as the engine throws it); nothing to dispose. */
export abstract class FakeRunner implements HostRunner {
  abstract run<R>(op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]>;

  async runOne<R>(op: HostOperation<R>, target: HostTarget): Promise<R> {
    const [r] = await this.run(op, [target]);
    if (!r!.ok) throw new HostError(r!.error);
    return r!.value;
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
