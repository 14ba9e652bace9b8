import * as assert from 'node:assert/strict';
import { InventoryService } from '../../../src/app/inventory/inventoryService';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import type { DispatcherRequest } from '../../../src/engine/payload';
import { inventory } from '../core/fixtures';
import { Harness } from '../engine/harness';

// The engine holds back a host that keeps refusing connections; the tree's Retry (a refresh of that host) must try it
// at once, while automatic refreshes leave it alone until its hold ends.
describe('inventory: Retry reaches a host the engine holds back', () => {
  it('after 3 refused refreshes the host is not contacted by the next full refresh, but Retry contacts it and shows it', async () => {
    let down = true;
    const answer = (request: DispatcherRequest): unknown => ({
      ok: true,
      pid: 1,
      results: request.hosts.map((h) =>
        down && h.name === 'HV-WEST'
          ? {
              host: h.name,
              index: h.index,
              ok: false,
              ms: 1,
              error: { stage: 'connect', message: 'ssh: connect to host hv-west port 22: Connection refused' },
            }
          : {
              host: h.name,
              index: h.index,
              ok: true,
              ms: 1,
              json: JSON.stringify({ ok: true, value: inventory(h.name, []) }),
            },
      ),
    });
    const h = new Harness(answer, { now: () => 0 });
    const entries = [
      { name: 'HV-EAST', kind: 'host' as const, transport: 'ssh' as const },
      { name: 'HV-WEST', kind: 'host' as const, transport: 'ssh' as const },
    ];
    const service = new InventoryService({
      runner: () => h.engine,
      connections: () => entries,
      credentials: { get: () => Promise.resolve(undefined), renew: () => Promise.resolve(undefined) },
      operation: getInventory,
      timeoutMs: () => 30_000,
    });
    const sentTo = (): string[][] =>
      h
        .requestLines()
        .map((l) =>
          (JSON.parse(Buffer.from(/'(.*)'/.exec(l)![1]!, 'base64').toString('utf8')) as DispatcherRequest).hosts.map(
            (x) => x.name,
          ),
        );
    for (let i = 0; i < 4; i++) await service.refreshAll();
    assert.deepEqual(sentTo().at(-1), ['HV-EAST'], 'the fourth refresh left HV-WEST out');
    const west = (): string => {
      const load = service.snapshot().hosts.find((x) => x.name === 'HV-WEST')!.load;
      return load.status === 'error' ? `error: ${load.error.message}` : load.status;
    };
    assert.match(west(), /^error: Not tried again until/);
    down = false;
    await service.refreshHost('HV-WEST');
    assert.deepEqual(sentTo().at(-1), ['HV-WEST']);
    assert.equal(west(), 'loaded');
    await h.engine.dispose();
  });
});
