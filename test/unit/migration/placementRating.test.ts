import { strict as assert } from 'node:assert';
import {
  rateCandidate,
  rateCandidates,
  type PlacementRating,
} from '../../../src/core/migration/rating/placementRating';
import type { ReasonTopic } from '../../../src/core/migration/rating/placementReasons';
import { ratingSummary, reasonsList, starsText } from '../../../src/core/migration/rating/ratingText';
import type { HostInventory } from '../../../src/core/inventory/inventory';
import { answers, appVm, facts, GB, host, topologyOf } from './placementEstate';

const reason = (r: PlacementRating, topic: ReasonTopic) => {
  const x = r.reasons.find((y) => y.topic === topic);
  assert.ok(x, `no ${topic} reason in ${JSON.stringify(r.reasons)}`);
  return x;
};

describe('placement rating: each reason', () => {
  const app = appVm();
  const src = host('HV-SRC', 256, [app]);
  const srcFacts = facts({ vms: [{ id: app.id, compatibilityForMigration: false }] });

  /** Rates one candidate for app-01 with these answers (the source's by default). */
  const rate = (candidate: HostInventory, own?: ReturnType<typeof facts>, source = srcFacts): PlacementRating => {
    const topology = topologyOf(src, candidate);
    const all = answers({ 'HV-SRC': source, ...(own ? { [candidate.host.name]: own } : {}) });
    return rateCandidate({ topology, facts: all }, [app], candidate);
  };

  it('memory: what is left after the move, and unsuitable when a running VM does not fit', () => {
    const good = rate(host('HV-B', 64), facts());
    assert.equal(reason(good, 'memory').text, '56 GB memory free after the move (88 %)');
    assert.equal(reason(good, 'memory').severity, 'good');
    const small = rate(host('HV-B', 12, [appVm('other', { host: 'HV-B', memoryAssignedBytes: 6 * GB })]), facts());
    assert.equal(reason(small, 'memory').severity, 'unsuitable');
    assert.equal(reason(small, 'memory').text, 'Not enough memory: app-01 needs 8 GB, 6 GB free');
    assert.equal(small.verdict, 'unsuitable');
    assert.equal(small.score, 0);
  });

  it('memory: a VM that is off only warns (it needs the memory when it starts)', () => {
    const off = appVm('off-01', { state: 'Off', memoryAssignedBytes: 0 });
    const topology = topologyOf(host('HV-SRC', 256, [off]), host('HV-B', 4));
    const r = rateCandidate({ topology }, [off], topology.hosts[1]!);
    assert.equal(reason(r, 'memory').severity, 'warning');
    assert.match(reason(r, 'memory').text, /off-01 will need 8 GB, 4 GB free/);
  });

  it('CPU load from the host, a busy host warns, and one that did not answer says why', () => {
    assert.equal(reason(rate(host('HV-B', 256), facts()), 'cpu').text, 'CPU load 20 %');
    const busy = rate(
      host('HV-B', 256),
      facts({ processor: { vendor: 'GenuineIntel', name: 'Xeon Gold 6338', loadPercent: 95 } }),
    );
    assert.equal(reason(busy, 'cpu').severity, 'warning');
    assert.equal(reason(busy, 'cpu').text, 'CPU busy: 95 % load');
    const silent = rate(host('HV-B', 256), { ok: false, reason: 'The SSH connection timed out' });
    assert.equal(reason(silent, 'cpu').text, "CPU load: couldn't read: The SSH connection timed out");
    assert.equal(reason(silent, 'cpu').severity, 'unknown');
    // still rated from the inventory: its memory reason stands, it is not unsuitable for not answering
    assert.equal(reason(silent, 'memory').severity, 'good');
    assert.notEqual(silent.verdict, 'unsuitable');
  });

  it('free space where the files would go: enough, too little, no such volume, or files that stay', () => {
    assert.equal(reason(rate(host('HV-B', 256), facts()), 'space').text, '460 GB free on D:\\ after the disks (40 GB)');
    const full = rate(host('HV-B', 256), facts({}, 30));
    assert.equal(reason(full, 'space').severity, 'unsuitable');
    assert.equal(reason(full, 'space').text, 'Not enough space on D:\\: 40 GB of disks, 30 GB free');
    const noDrive = rate(
      host('HV-B', 256),
      facts({ space: [{ path: 'D:\\Hyper-V\\Virtual Hard Disks', volumeMissing: true }] }),
    );
    assert.equal(reason(noDrive, 'space').text, 'HV-B has no volume for D:\\Hyper-V\\Virtual Hard Disks');
    const onShare = appVm('share-01', {
      path: '\\\\FS01\\VMs\\share-01',
      disks: [{ path: '\\\\FS01\\VMs\\share-01\\share-01.vhdx', passThrough: false, fileSizeBytes: 40 * GB }],
    });
    const topology = topologyOf(host('HV-SRC', 256, [onShare]), host('HV-B', 256));
    const r = rateCandidate({ topology }, [onShare], topology.hosts[1]!);
    assert.equal(reason(r, 'space').text, 'Files stay where they are (HV-B reaches them)');
  });

  it('live migration off on the candidate makes it unsuitable, with its name', () => {
    const r = rate(host('HV-OFF', 256, [], { migrationEnabled: false }), facts());
    assert.equal(r.verdict, 'unsuitable');
    assert.equal(r.reasons[0]!.text, 'Live migration is off on HV-OFF');
  });

  it("the VM's switch names: a host without one warns and names it", () => {
    const r = rate({ ...host('HV-B', 256), switches: [{ name: 'vSwitch-Lab', iovEnabled: false }] }, facts());
    assert.equal(reason(r, 'switches').severity, 'warning');
    assert.equal(reason(r, 'switches').text, "No switch 'vSwitch-Prod': the adapters need another switch there");
    assert.equal(reason(rate(host('HV-B', 256), facts()), 'switches').text, "Has switch 'vSwitch-Prod'");
  });

  it('processor: another vendor is unsuitable, another model warns without compatibility mode, not with it', () => {
    const amd = rate(
      host('HV-B', 256),
      facts({ processor: { vendor: 'AuthenticAMD', name: 'EPYC 7543', loadPercent: 5 } }),
    );
    assert.equal(reason(amd, 'processor').severity, 'unsuitable');
    assert.match(reason(amd, 'processor').text, /vendor differs \(AuthenticAMD, GenuineIntel on HV-SRC\)/);
    const other = facts({ processor: { vendor: 'GenuineIntel', name: 'Xeon E5-2690', loadPercent: 5 } });
    assert.equal(reason(rate(host('HV-B', 256), other), 'processor').severity, 'warning');
    const compat = facts({ vms: [{ id: app.id, compatibilityForMigration: true }] });
    assert.equal(reason(rate(host('HV-B', 256), other, compat), 'processor').text, 'Processor compatible');
    assert.equal(reason(rate(host('HV-B', 256), facts()), 'processor').severity, 'good');
  });

  it('processor: a VM that is off does not care', () => {
    const off = appVm('off-01', { state: 'Off' });
    const topology = topologyOf(host('HV-SRC', 256, [off]), host('HV-B', 256));
    const all = answers({ 'HV-B': facts({ processor: { vendor: 'AuthenticAMD', name: 'EPYC', loadPercent: 5 } }) });
    const r = rateCandidate({ topology, facts: all }, [off], topology.hosts[1]!);
    assert.equal(reason(r, 'processor').text, 'Off: the processor does not matter');
  });

  it('configuration version: a host that cannot run it is unsuitable and says which it runs', () => {
    const old = rate(host('HV-2016', 256), facts({ supportedVersions: ['5.0', '6.2', '7.0', '7.1', '8.0'] }));
    assert.equal(reason(old, 'version').severity, 'unsuitable');
    assert.equal(reason(old, 'version').text, 'Runs configuration versions 5.0–8.0, not 10.0');
    assert.equal(reason(rate(host('HV-B', 256), facts()), 'version').text, 'Runs configuration version 10.0');
  });

  it('rated from the inventory alone (no round): each fact it lacks says so, none is guessed', () => {
    const topology = topologyOf(src, host('HV-B', 256));
    const r = rateCandidate({ topology }, [app], topology.hosts[1]!);
    assert.deepEqual(
      r.reasons.filter((x) => x.severity === 'unknown').map((x) => x.topic),
      ['cpu', 'space', 'processor', 'version'],
    );
    assert.equal(reason(r, 'cpu').text, 'CPU load: not asked');
  });
});

describe('placement rating: ordering and words', () => {
  const app = appVm();
  const topology = topologyOf(
    host('HV-SRC', 256, [app]),
    host('HV-BIG', 512),
    host('HV-MID', 128),
    host('HV-OFF', 1024, [], { migrationEnabled: false }),
    { ...host('HV-NOSW', 512), switches: [] },
  );
  const all = answers({
    'HV-BIG': facts(),
    'HV-MID': facts(),
    'HV-OFF': facts(),
    'HV-NOSW': facts(),
    'HV-SRC': facts(),
  });

  it('best first, a warned host below an equal one without warnings, unsuitable hosts last with their reason', () => {
    const rated = rateCandidates({ topology, facts: all }, [app], topology.hosts.slice(1));
    assert.deepEqual(
      rated.map((r) => [r.host, r.verdict]),
      [
        ['HV-BIG', 'suitable'],
        ['HV-MID', 'suitable'],
        ['HV-NOSW', 'warning'],
        ['HV-OFF', 'unsuitable'],
      ],
    );
    assert.ok(rated[0]!.score > rated[1]!.score && rated[1]!.score > 0);
    assert.ok(rated[0]!.score > rated[2]!.score, 'the same memory with a missing switch rates lower');
    assert.equal(rated[3]!.score, 0);
    assert.equal(reasonsList(rated[3]!)[0], '✖ Live migration is off on HV-OFF');
  });

  it('says the rating in stars, score and verdict', () => {
    const [best] = rateCandidates({ topology, facts: all }, [app], topology.hosts.slice(1));
    assert.equal(starsText(4), '★★★★☆');
    assert.equal(ratingSummary(best!), `${starsText(best!.stars)} ${best!.score} · suitable · standalone`);
    assert.equal(best!.stars, Math.round(best!.score / 20));
  });
});
