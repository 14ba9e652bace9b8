// The migration engine's public surface for the UI: services, their dependency interfaces and the model types.
export { MigrationService, type MigrationServiceDeps, type StartOptions } from './migrationService';
export { MaintenanceService, type DrainProgress, type DrainRecord, type MaintenanceDeps } from './maintenanceService';
export { HostMigrationSettingsService, InvalidSettingsError } from './hostMigrationSettingsService';
export { MemoryHistoryStore, type HistoryStore } from './historyStore';
export type { MigrationLog } from './jobStore';
export type { TargetResolver } from './hostTargets';
export type { MigrationJob, MigrationKind, MigrationPlan, MoveRequest, StoragePlacement, JobStatus, VmWhereabouts } from '../../core/migration/model';
export type { PlanStep } from '../../core/migration/planSteps';
export { migrationKindLabels, isFinal } from '../../core/migration/model';
export { stepLabels } from '../../core/migration/planSteps';
export type { PreflightReport, PreflightItem, PreflightFix } from '../../core/migration/preflight';
export { mayStart, errors as preflightErrors, warnings as preflightWarnings } from '../../core/migration/preflight';
export type { PlanResult, RuleProblem } from '../../core/migration/rules';
export type { HostMigrationSettings, MigrationSettingsChange } from '../../core/migration/hostSettings';
export type { MigrationTopology } from '../../core/migration/topology';
