// Shared set-up of the readiness lab tests: the test-readiness lab (HV-A and HV-B on Windows Server 2022, HV-C on
// 2016, all Kerberos), the real engine over SSH, and the readiness service the product uses, wired to them.
import { strict as assert } from 'node:assert';
import { ReadinessService } from '../../../src/app/readiness/readinessService';
import type { CheckArea, CheckStatus, ReadinessCheck, ReadinessReport } from '../../../src/core/readiness/model';
import { createPowerShellEngine, type PowerShellEngine } from '../../../src/engine';
import { PWSH, startLab, type Lab } from '../../support/lab';

export const hosts = ['HV-A', 'HV-B', 'HV-C'] as const;

export interface ReadinessLab {
  readonly lab: Lab;
  readonly engine: PowerShellEngine;
  readonly service: ReadinessService;
  check(): Promise<ReadinessReport>;
  /** A new engine (new sessions): what a host's sessions see only when opened after a change. */
  freshService(): Promise<{ service: ReadinessService; dispose(): Promise<void> }>;
  /** Back to the topology's set-up: no planted problem, every host up, live migration on, Kerberos, HV-B's network. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReadinessLab(): Promise<ReadinessLab> {
  const lab = await startLab({ topology: 'test-readiness' });
  const make = (engine: PowerShellEngine): ReadinessService =>
    new ReadinessService({
      runner: () => engine,
      target: (h) => Promise.resolve({ connection: lab.connectionFor(h) }),
      timeoutMs: () => 300_000,
    });
  const engine = createPowerShellEngine({ powershellPath: PWSH });
  const service = make(engine);
  return {
    lab,
    engine,
    service,
    check: async () => (await service.check(hosts)).report,
    freshService: () => {
      const other = createPowerShellEngine({ powershellPath: PWSH });
      return Promise.resolve({ service: make(other), dispose: () => other.dispose() });
    },
    async reset() {
      await lab.cli('plant', 'clear');
      for (const h of hosts) await lab.startHost(h);
      await lab.pwsh(`Use-LabState { param($State)
        foreach ($h in $State.Hosts) { $h.Migration.Enabled = $true; $h.Migration.AuthenticationType = 'Kerberos'; $h.Migration.UseAnyNetwork = $h.Name -ne 'HV-B' }
        $b = [HvLab.LabEngine]::FindHost($State, 'HV-B'); $b.Migration.Networks.Clear()
        $n = [HvLab.LabMigrationNetwork]::new(); $n.Subnet = '10.0.5.0/24'; $n.Priority = 1; $b.Migration.Networks.Add($n) }`);
    },
    async stop() {
      await engine.dispose();
      await lab.stop();
    },
  };
}

export function hostCheck(report: ReadinessReport, host: string, area: CheckArea, key?: string): ReadinessCheck {
  const section = report.hosts.find((h) => h.host === host);
  assert.ok(section, `no section for ${host}`);
  const check = section.checks.find((c) => c.area === area && (key === undefined || c.id.endsWith(`/${key}`)));
  assert.ok(check, `no ${area} check for ${host}; it has: ${section.checks.map((c) => c.id).join(', ')}`);
  return check;
}

export function pairCheck(
  report: ReadinessReport,
  source: string,
  destination: string,
  area: CheckArea,
): ReadinessCheck {
  const pair = report.pairs.find((p) => p.source === source && p.destination === destination);
  assert.ok(pair, `no pair ${source} → ${destination}`);
  const check = pair.checks.find((c) => c.area === area);
  assert.ok(
    check,
    `no ${area} check for ${source} → ${destination}; it has: ${pair.checks.map((c) => c.id).join(', ')}`,
  );
  return check;
}

export function expectStatus(check: ReadinessCheck, status: CheckStatus, summary?: RegExp): void {
  assert.equal(check.status, status, `${check.id}: ${check.status} "${check.summary}"`);
  if (summary) assert.match(check.summary, summary);
}
