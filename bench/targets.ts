// The target of each figure, printed beside it by bench/run.ts (bench/README.md says what each measures and why).
// A figure without a target is reported for what it tells, not held to a number.

export interface Target {
  /** e.g. "≤ 1.1" */
  readonly text: string;
  readonly met: (value: number) => boolean;
}

const atMost = (limit: number): Target => ({ text: `≤ ${limit}`, met: (v) => v <= limit });
const exactly = (want: number): Target => ({ text: `= ${want}`, met: (v) => v === want });
const atLeast = (limit: number): Target => ({ text: `≥ ${limit}`, met: (v) => v >= limit });

export const targets: Readonly<Record<string, Target>> = {
  activation_spawns_pwsh: exactly(0),
  engine_overhead_ratio: atMost(1.3),
  inventory_fanout_ratio_16v1: atMost(1.5),
  tree_model_5000_vms_ms: atMost(50),
  tree_model_20000_vms_ms: atMost(100),
  tree_changes_20000_vms_ms: atMost(50),
  bundle_bytes: atMost(1_000_000),
  poll_roundtrips_per_tick_8jobs_2hosts: exactly(2),
  evacuate_40_schedule_ratio: atMost(1.1),
  refresh_50_vs_invoke_command_ratio: atMost(1.1),
  naive_over_product_50: atLeast(2),
  product_cpu_ms_per_host_refresh: atMost(10),
  client_rss_mb_500_projected: atMost(1024),
  client_pss_mb_500_projected: atMost(1024),
  inventory_script_scaling_ratio: atMost(4.5),
  panel_update_40_jobs_ms: atMost(5),
  cold_vs_plain_pwsh_ratio: atMost(1.2),
  poll_delay_behind_dead_host_ms: atMost(100),
  first_full_tree_ratio: atMost(1.5),
};
