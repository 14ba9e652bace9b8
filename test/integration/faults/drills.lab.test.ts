// Fault drills: migrations through the real MigrationService and the real engine, over SSH, against one lab, with a
// fault injected at a chosen phase. Each drill ends with the lab's own state checked: every VM exactly once, in its
// state, clustered as expected (under its role's own name), no moving cmdlet received twice, and the job's final
// status equal to that truth. The bench reads this suite's own count (bench/faults.bench.ts).
import { cancelDrills } from './cancelDrills';
import { startDrills, type Drills } from './drillKit';
import { hostDrills } from './hostDrills';
import { killDrills } from './killDrills';
import { restartDrills } from './restartDrills';

describe('fault drills in the lab over SSH', function () {
  this.timeout(240_000);
  let drills: Drills | undefined;
  const get = (): Drills => {
    if (!drills) throw new Error('the lab did not start');
    return drills;
  };

  before(async function () {
    this.timeout(600_000);
    drills = await startDrills();
  });
  afterEach(() => drills?.runner.clear());
  after(async () => {
    await drills?.stop();
  });

  cancelDrills(get);
  restartDrills(get);
  killDrills(get);
  // Last: its final drill replaces the engine the lab harness refreshes the inventory with.
  hostDrills(get);
});
