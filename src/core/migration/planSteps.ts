import type { ClusterMigrationType, MigrationPlan, StoragePlacement } from './model';

/**
 * The steps of a plan: what each does on which host, and which one is the moving step (the one that moves the VM
 * itself), with what the rest of the product asks of it (where it goes, where it puts the files).
 */

/** One action on one host. Steps run in order; each runs on the host named in `host` (the source side). */
export type PlanStep =
  | {
      readonly action: 'moveVm';
      readonly host: string;
      /** The destination as the inventory knows it (its identity): where the VM is looked for afterwards. */
      readonly destinationHost: string;
      /**
       * What Move-VM gets as -DestinationHost: the destination's own FQDN (else computer name), which the source host
       * resolves and authenticates (see hostIdentity.ts). Absent in records from before it was kept: destinationHost.
       */
      readonly destinationName?: string;
      readonly storage: StoragePlacement;
      readonly retainSourceCopies: boolean;
    }
  | {
      readonly action: 'moveStorage';
      readonly host: string;
      readonly storage: StoragePlacement;
      readonly retainSourceCopies: boolean;
    }
  | {
      readonly action: 'moveClusterRole';
      readonly host: string;
      /** The destination node's identity. */
      readonly node: string;
      /** The cluster's name for that node (Move-ClusterVirtualMachineRole -Node); absent in older records: node. */
      readonly nodeName?: string;
      readonly migrationType: ClusterMigrationType;
    }
  | { readonly action: 'removeClusterRole'; readonly host: string; readonly cluster: string }
  | { readonly action: 'addClusterRole'; readonly host: string; readonly cluster: string };

export type PlanStepAction = PlanStep['action'];

export const stepLabels: Readonly<Record<PlanStepAction, string>> = {
  moveVm: 'Move the VM',
  moveStorage: 'Move the storage',
  moveClusterRole: 'Move the cluster role',
  removeClusterRole: 'Remove the cluster role (the VM stays)',
  addClusterRole: 'Make the VM a cluster role',
};

/**
 * The moving step: the one step of a plan that moves the VM itself (Move-VM, Move-VMStorage,
 * Move-ClusterVirtualMachineRole), as opposed to the cluster role steps around it. Every plan has exactly one.
 */
export type MovingStep = Extract<PlanStep, { action: 'moveVm' | 'moveStorage' | 'moveClusterRole' }>;

export function isMovingStep(step: PlanStep): step is MovingStep {
  return step.action === 'moveVm' || step.action === 'moveStorage' || step.action === 'moveClusterRole';
}

/** The plan's moving step; undefined only without a plan (a job record that has none). */
export function movingStep(plan: Pick<MigrationPlan, 'steps'>): MovingStep;
export function movingStep(plan: Pick<MigrationPlan, 'steps'> | undefined): MovingStep | undefined;
export function movingStep(plan: Pick<MigrationPlan, 'steps'> | undefined): MovingStep | undefined {
  return plan?.steps.find(isMovingStep);
}

/** Where a moving step takes the VM: the destination host, the cluster node, or (storage) the host it is on. */
export function destinationOf(step: PlanStep): string {
  switch (step.action) {
    case 'moveVm':
      return step.destinationHost;
    case 'moveClusterRole':
      return step.node;
    default:
      return step.host;
  }
}

/** Where the moving step puts the VM's files; undefined for a cluster role move (its files stay on shared storage). */
export function filesPlacementOf(plan: Pick<MigrationPlan, 'steps'> | undefined): StoragePlacement | undefined {
  const step = movingStep(plan);
  return step && step.action !== 'moveClusterRole' ? step.storage : undefined;
}

/**
 * A cluster role moved by quick migration (or a role that is not running, which moves the same way): the saved state
 * travels on the cluster's storage, so no live migration connection between the nodes is made.
 */
export function movesWithoutLiveConnection(plan: Pick<MigrationPlan, 'steps'> | undefined): boolean {
  const step = movingStep(plan);
  return step?.action === 'moveClusterRole' && step.migrationType === 'Quick';
}
