// What a test gets from startLab: the options it takes and the Lab it returns.
import type { HostConnection } from '../../../src/contract/hostRunner';

export interface LabOptions {
  /** 'demo' (a name in lab/topologies), a path to a topology file, or a topology object. */
  topology: string | object;
  /** Scratch folder (created; default a new folder under the system temp folder, removed by stop()). */
  dir?: string;
  /** Lab-wide latency of every lab command, in ms. */
  latencyMs?: number;
}

export interface LabHost {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly userName: string;
  readonly keyFilePath: string;
}

export interface LabCluster extends LabHost {
  readonly nodes: readonly string[];
}

export type LabFaultType =
  | 'NetworkDrop'
  | 'DiskFull'
  | 'AuthFailure'
  | 'ProcessorIncompatible'
  | 'Banner'
  | 'PlannedVmLeftover'
  | 'MalformedJson';

/** A process below a lab host's sshd: a connection's sshd, its `powershell` subsystem (pwsh -sshs), ... */
export interface LabHostProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string;
}

export interface PwshOptions {
  /** Run as this lab host ($env:HVLAB_HOST), so Get-VM etc. answer with that host's view. Default: none. */
  host?: string;
  /** ConvertTo-Json depth of the result (default 4). Project what you need: live objects are deep. */
  depth?: number;
}

export interface Lab {
  readonly dir: string;
  /** The loopback block, e.g. '127.83.17' (hosts are 127.83.17.N). */
  readonly block: string;
  readonly hosts: readonly LabHost[];
  /** Cluster access points (the cluster name lands on the first node that is up). */
  readonly clusters: readonly LabCluster[];
  /** ssh -F this file reaches every host by name. */
  readonly sshConfigPath: string;
  /** Environment for a child process that should reach lab hosts by name (PATH with the lab's ssh wrapper). */
  readonly clientEnv: NodeJS.ProcessEnv;
  connectionFor(name: string): HostConnection;
  stopHost(name: string): Promise<void>;
  /** Freezes the host's sshd and sessions (SIGSTOP): it accepts connections and never answers. startHost thaws it. */
  hangHost(name: string): Promise<void>;
  startHost(name: string): Promise<void>;
  /** Every process below the host's listening sshd (its connections and their subsystems), now. */
  hostProcesses(name: string): LabHostProcess[];
  setLatency(ms: number, host?: string): Promise<void>;
  /**
   * Banner: `text` is the host's sshd banner (default: a forged answer line of the engine's dispatcher), printed by ssh
   * clients at LogLevel INFO (connectionFor's clients use the lab's ERROR unless given sshOptions { LogLevel: 'INFO' }).
   */
  addFault(type: LabFaultType, options?: { host?: string; atPercent?: number; text?: string }): Promise<void>;
  clearFaults(): Promise<void>;
  /**
   * Runs PowerShell here against the lab state (LabCore, Hyper-V, FailoverClusters imported,
   * $ErrorActionPreference = 'Stop'). Resolves with the output converted through JSON (enums as strings):
   * no output → null, one object → that object, several → an array. Rejects with the error message on failure.
   */
  pwsh<T = unknown>(command: string, options?: PwshOptions): Promise<T>;
  /** Runs a bash lab command (`lab <args>`) against this lab; resolves with its stdout. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}
