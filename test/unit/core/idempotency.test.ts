import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setAdapterAcceleration } from '../../../src/core/acceleration/operations/setAcceleration';
import { cancelClusterRoleMove } from '../../../src/core/migration/operations/cancelClusterRoleMove';
import { cancelMigration } from '../../../src/core/migration/operations/cancelMigration';
import { resumeClusterNode, suspendClusterNode } from '../../../src/core/migration/operations/clusterNode';
import { addClusterRole, removeClusterRole } from '../../../src/core/migration/operations/clusterRole';
import { locateVm } from '../../../src/core/migration/operations/locateVm';
import { getMigrationSettings, setMigrationSettings } from '../../../src/core/migration/operations/migrationSettings';
import { pollMigrations } from '../../../src/core/migration/operations/pollMigrations';
import { preflight } from '../../../src/core/migration/operations/readPreflightFacts';
import { placementFacts } from '../../../src/core/migration/operations/readPlacementFacts';
import { removePlannedVm } from '../../../src/core/migration/operations/removePlannedVm';
import { readVolumes } from '../../../src/core/migration/operations/readVolumes';
import { startClusterRoleMove } from '../../../src/core/migration/operations/startClusterRoleMove';
import { startMove } from '../../../src/core/migration/operations/startMove';
import { startStorageMove } from '../../../src/core/migration/operations/startStorageMove';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import { addDelegation } from '../../../src/core/readiness/operations/addDelegation';
import { enableFirewallRule } from '../../../src/core/readiness/operations/enableFirewallRule';
import { hostReadiness } from '../../../src/core/readiness/operations/hostReadiness';
import type { HostOperation } from '../../../src/contract/hostOperation';

const VM = '0f0e0d0c-0000-4000-8000-000000000001';

// The engine sends an operation again after a broken connection only when it says it is idempotent: a start, a role
// change or a drain sent twice would act twice (or fail the second time and hide that the first worked).
describe('which host operations may be sent twice', () => {
  const cases: [HostOperation<unknown>, boolean][] = [
    [getInventory(), true],
    [getMigrationSettings(), true],
    [locateVm(VM), true],
    [pollMigrations(), true],
    [preflight(VM), true],
    [placementFacts(), true],
    [setAdapterAcceleration(), true],
    [cancelMigration(VM), true],
    [cancelClusterRoleMove(VM), true],
    [
      startMove(VM, {
        action: 'moveVm',
        host: 'A',
        destinationHost: 'B',
        storage: { mode: 'hostDefault' },
        retainSourceCopies: false,
      }),
      false,
    ],
    [
      startStorageMove(VM, {
        action: 'moveStorage',
        host: 'A',
        storage: { mode: 'folder', path: 'D:\\VMs' },
        retainSourceCopies: false,
      }),
      false,
    ],
    [startClusterRoleMove(VM, { action: 'moveClusterRole', host: 'N1', node: 'N2', migrationType: 'Live' }), false],
    [addClusterRole(VM), false],
    [removeClusterRole(VM), false],
    [suspendClusterNode('N1'), false],
    [resumeClusterNode('N1', 'NoFailback'), false],
    [setMigrationSettings({ maximumVirtualMachineMigrations: 2 }), false],
    [removePlannedVm(VM), true],
    [readVolumes(), true],
    [hostReadiness(), true],
    [enableFirewallRule('VIRT-MIGL-In-TCP-NoScope'), true],
    [addDelegation('HV-A', ['cifs/HV-B'], false, false), true],
  ];
  for (const [operation, idempotent] of cases) {
    it(`${operation.script.name}: ${idempotent ? 'may be sent again' : 'never sent twice'}`, () => {
      assert.equal(operation.idempotent, idempotent);
    });
  }

  it('every bundled host script is covered above', () => {
    const scripts = readdirSync(join(__dirname, '../../../src/scripts')).filter((f) => f.endsWith('.ps1'));
    assert.deepEqual([...new Set(cases.map(([o]) => o.script.name))].sort(), scripts.sort());
  });
});
