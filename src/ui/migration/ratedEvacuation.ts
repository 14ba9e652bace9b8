import * as vscode from 'vscode';
import type { MaintenanceService } from '../../app/migration/maintenanceService';
import type { PlacementService } from '../../app/migration/placementService';
import { plural } from '../../core/format/words';
import type { VmInfo } from '../../core/inventory/inventory';
import type { DropRefusal } from '../../core/migration/drop';
import type { MoveRequest } from '../../core/migration/model';
import { findHost, type MigrationTopology } from '../../core/migration/topology';

export interface RatedEvacuationDeps {
  readonly maintenance: MaintenanceService;
  readonly placement: PlacementService;
  readonly topology: () => MigrationTopology;
}

/**
 * An evacuation's (or the VMs beside a drain's) moves, spread by placement rating: one round to the destinations and
 * the source first (a notification says so while it runs), then each VM to the best-rated host given what the plan
 * already sent there. A VM no destination suits stays, with its reason, for the confirmation and the summary.
 */
export async function planRatedEvacuation(
  deps: RatedEvacuationDeps,
  source: string,
  destinations: readonly string[],
  vms: readonly VmInfo[],
): Promise<{ requests: MoveRequest[]; refused: DropRefusal[] }> {
  const t = deps.topology();
  const hosts = destinations.map((d) => findHost(t, d)).filter((h): h is NonNullable<typeof h> => h !== undefined);
  const facts = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Rating ${plural(hosts.length, 'destination')} for ${plural(vms.length, 'VM')}…`,
    },
    () => deps.placement.readFacts(vms, hosts),
  );
  const plan = deps.maintenance.planEvacuation(source, destinations, { vmIds: vms.map((v) => v.id), facts });
  return {
    requests: plan.requests,
    refused: plan.unplaced.map((u) => ({
      vm: { id: u.vm.id, name: u.vm.name, host: u.vm.host },
      reason: `${u.vm.name} stays: ${u.reason}.`,
    })),
  };
}
