import type { ConnectionEntry } from './connectionEntry';
import { authentications } from './connectionEntry';

/**
 * Input rules for connection settings. Each returns a message for the user, or undefined when the value is fine,
 * so quick inputs can show the reason as they type and nothing invalid is ever saved.
 */

const dnsLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:]+$/.test(text) || !text.includes(':')) return false;
  const double = text.split('::').length - 1;
  if (double > 1) return false;
  const groups = text.split(':').filter((g) => g !== '');
  return groups.every((g) => g.length <= 4) && (double === 1 ? groups.length < 8 : groups.length === 8);
}

export function validateHostName(value: string): string | undefined {
  const text = value.trim();
  if (!text) return 'Enter a host name, FQDN or IP address.';
  if (ipv4.test(text) || isIpv6(text)) return undefined;
  if (/^\d+(\.\d+)*$/.test(text)) return `"${text}" is not a valid IPv4 address.`;
  if (text.length > 253) return 'A host name is at most 253 characters.';
  const labels = text.replace(/\.$/, '').split('.');
  const bad = labels.find((l) => !dnsLabel.test(l));
  if (bad !== undefined) {
    return bad === ''
      ? 'A host name cannot have empty parts ("..").'
      : `"${bad}" is not a valid host name part: use letters, digits and hyphens, not starting or ending with a hyphen, at most 63 characters.`;
  }
  return undefined;
}

// Windows lets a computer be named with underscores (after a warning) and DNS servers in a domain accept them, so
// a node name may hold them; nothing else beyond letters, digits, hyphens and dots.
const nodeLabel = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** The error id a refused node name carries in the tree (no host produced it: the product refused to dial). */
export const invalidNodeNameErrorId = 'HypervMobility.InvalidClusterNodeName';

/**
 * A name a cluster reported for one of its nodes, before it is dialled with the cluster's credentials: a plain host
 * name or FQDN, nothing else (no address, no option-like or quoted text). Undefined when it is fine.
 */
export function validateNodeName(value: string): string | undefined {
  if (value.length === 0 || value.length > 253) return 'a host name has 1 to 253 characters';
  if (ipv4.test(value) || /^\d+(\.\d+)*$/.test(value) || isIpv6(value)) return 'an address is not a node name';
  const labels = value.replace(/\.$/, '').split('.');
  if (labels.some((l) => !nodeLabel.test(l)))
    return 'a host name is letters, digits and hyphens, in dot-separated parts';
  return undefined;
}

export function validatePort(value: string): string | undefined {
  const text = value.trim();
  if (!text) return undefined; // default port of the transport
  if (!/^\d+$/.test(text)) return 'The port is a whole number from 1 to 65535.';
  const n = Number(text);
  return n >= 1 && n <= 65535 ? undefined : 'The port is a whole number from 1 to 65535.';
}

export function validateUserName(value: string): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  if (/[\s"/[\]:;|=,+*?<>]/.test(text.replace(/^[^\\]+\\/, '').replace(/@[^@]+$/, ''))) {
    return 'A user name has no spaces or any of " / [ ] : ; | = , + * ? < >.';
  }
  return undefined;
}

/** Checks a whole entry (as read from settings, which a user may have edited by hand). */
export function validateEntry(entry: ConnectionEntry, fileExists: (path: string) => boolean): string[] {
  const problems: string[] = [];
  const nameProblem = validateHostName(entry.name);
  if (nameProblem) problems.push(`name: ${nameProblem}`);
  if (entry.address !== undefined) {
    const p = validateHostName(entry.address);
    if (p) problems.push(`address: ${p}`);
  }
  if (entry.port !== undefined) {
    const p = validatePort(String(entry.port));
    if (p) problems.push(`port: ${p}`);
  }
  if (entry.transport !== 'ssh' && entry.transport !== 'wsman') problems.push('transport: use "wsman" or "ssh".');
  if (entry.authentication !== undefined && !authentications.includes(entry.authentication)) {
    problems.push(`authentication: use one of ${authentications.join(', ')}.`);
  }
  if (entry.keyFilePath !== undefined && entry.keyFilePath !== '' && !fileExists(entry.keyFilePath)) {
    problems.push(`keyFilePath: no file at ${entry.keyFilePath}.`);
  }
  if (entry.userName !== undefined) {
    const p = validateUserName(entry.userName);
    if (p) problems.push(`userName: ${p}`);
  }
  return problems;
}
