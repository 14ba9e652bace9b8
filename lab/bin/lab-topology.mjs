#!/usr/bin/env node
// Reads a lab topology, checks the parts the lab's command line depends on (names, addresses), optionally moves
// every address into another loopback /24 block and overrides the lab-wide latency, writes the effective topology
// and prints one line per endpoint for lab/bin/lab:
//   host<TAB>NAME<TAB>ADDRESS
//   cluster<TAB>NAME<TAB>ADDRESS<TAB>NODE1,NODE2,...
// Usage: lab-topology.mjs --in FILE --out FILE [--block 127.X.Y] [--latency MS]
import { readFileSync, writeFileSync } from 'node:fs';

function fail(message) {
  process.stderr.write(`lab: topology: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i += 2) {
  const key = args[i];
  const value = args[i + 1];
  if (!key?.startsWith('--') || value === undefined) fail(`bad arguments: ${args.join(' ')}`);
  opt[key.slice(2)] = value;
}
if (!opt.in || !opt.out) fail('--in and --out are required');

let topology;
try {
  topology = JSON.parse(readFileSync(opt.in, 'utf8'));
} catch (e) {
  fail(`cannot read ${opt.in}: ${e.message}`);
}
if (!Array.isArray(topology.hosts) || topology.hosts.length === 0) fail('no hosts');
topology.clusters ??= [];
topology.vms ??= [];
topology.lab ??= {};

const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const seen = new Set();
for (const e of [...topology.hosts, ...topology.clusters]) {
  if (typeof e.name !== 'string' || !NAME.test(e.name)) fail(`invalid host/cluster name ${JSON.stringify(e.name)} (letters, digits, '-')`);
  const key = e.name.toUpperCase();
  if (seen.has(key)) fail(`duplicate name ${e.name}`);
  seen.add(key);
  if (e.address !== undefined) {
    const m = LOOPBACK.exec(e.address);
    if (!m || m.slice(1).some((o) => Number(o) > 255) || m[3] === '0' || m[3] === '255') fail(`${e.name}: address ${e.address} is not a usable 127.0.0.0/8 address`);
  }
}
const hostNames = new Set(topology.hosts.map((h) => h.name.toUpperCase()));
for (const c of topology.clusters) {
  if (!Array.isArray(c.nodes) || c.nodes.length === 0) fail(`cluster ${c.name} has no nodes`);
  for (const n of c.nodes) if (!hostNames.has(String(n).toUpperCase())) fail(`cluster ${c.name}: node ${n} is not in hosts`);
}

const endpoints = [...topology.hosts, ...topology.clusters.filter((c) => c.address !== undefined)];
if (opt.block !== undefined) {
  const b = /^127\.(\d{1,3})\.(\d{1,3})$/.exec(opt.block);
  if (!b || Number(b[1]) > 255 || Number(b[2]) > 255) fail(`--block ${opt.block}: expected 127.X.Y`);
  const prefixes = new Set(endpoints.filter((e) => e.address).map((e) => e.address.split('.').slice(0, 3).join('.')));
  if (prefixes.size <= 1) {
    // keep each address's last octet (HV-EAST .11 stays .11), number the ones without an address
    const used = new Set(endpoints.filter((e) => e.address).map((e) => e.address.split('.')[3]));
    let next = 10;
    for (const e of endpoints) {
      let last = e.address?.split('.')[3];
      if (last === undefined) {
        while (used.has(String(next))) next++;
        last = String(next);
        used.add(last);
      }
      e.address = `${opt.block}.${last}`;
    }
  } else {
    endpoints.forEach((e, i) => {
      e.address = `${opt.block}.${10 + i}`;
    });
  }
  if (endpoints.some((e) => Number(e.address.split('.')[3]) > 254)) fail(`more endpoints (${endpoints.length}) than fit in ${opt.block}.0/24`);
} else {
  // no block: number the hosts without an address from 127.0.0.10 upward
  const used = new Set(endpoints.filter((e) => e.address).map((e) => e.address));
  let next = 10;
  for (const e of topology.hosts) {
    if (e.address) continue;
    while (used.has(`127.0.0.${next}`)) next++;
    if (next > 254) fail('too many hosts without an address');
    e.address = `127.0.0.${next}`;
    used.add(e.address);
  }
}
const addrs = new Set();
for (const e of endpoints) {
  if (addrs.has(e.address)) fail(`address ${e.address} used twice`);
  addrs.add(e.address);
}

if (opt.latency !== undefined) {
  const ms = Number(opt.latency);
  if (!Number.isInteger(ms) || ms < 0) fail(`--latency ${opt.latency}: expected milliseconds`);
  topology.lab.latencyMs = ms;
}

writeFileSync(opt.out, JSON.stringify(topology, null, 2) + '\n');
const lines = topology.hosts.map((h) => `host\t${h.name}\t${h.address}`);
for (const c of topology.clusters) if (c.address) lines.push(`cluster\t${c.name}\t${c.address}\t${c.nodes.join(',')}`);
process.stdout.write(lines.join('\n') + '\n');
