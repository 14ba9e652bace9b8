// The acceleration use cases' public surface for the UI.
export { AccelerationService, type AccelerationServiceDeps, type AdapterOutcome, type AdapterErrorView } from './accelerationService';
