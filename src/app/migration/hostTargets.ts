import type { HostTarget } from '../../contract/hostRunner';

/** Turns a host name (as the inventory names it) into what the engine needs to reach it. */
export type TargetResolver = (host: string) => Promise<HostTarget>;
