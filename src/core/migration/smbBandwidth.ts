/**
 * The SMB bandwidth limit of live migration on a host (Set-SmbBandwidthLimit -Category LiveMigration): what the host
 * reports, the rate an administrator types (MB/s or Gbit/s) and how it is shown. It caps live migration only with the
 * performance option SMB, and needs the SMB Bandwidth Limit feature (FS-SMBBW) on the host.
 */

export type SmbLiveMigrationLimit =
  | { readonly state: 'none' }
  | { readonly state: 'limit'; readonly bytesPerSecond: number }
  /** The host could not read it (no FS-SMBBW feature, no SmbShare module): the host's message. */
  | { readonly state: 'unavailable'; readonly reason: string };

/** PowerShell's MB, as in `Set-SmbBandwidthLimit -BytesPerSecond 500MB` (so 500 MB/s here is 500MB there). */
export const bytesPerMB = 1_048_576;
/** Network rates are decimal: 1 Gbit/s = 10^9 bits/s. */
export const bytesPerGbit = 125_000_000;
/** Set-SmbBandwidthLimit refuses less than 1MB (1,048,576 bytes) per second. */
export const minSmbBytesPerSecond = bytesPerMB;
/** 1,000 Gbit/s: more than any host's network carries, so a larger value is a typing slip, not a limit. */
export const maxSmbBytesPerSecond = 1000 * bytesPerGbit;

export const smbFeatureHint =
  'It needs the SMB Bandwidth Limit feature on the host: Install-WindowsFeature -Name FS-SMBBW';

export type RateParse =
  { readonly ok: true; readonly bytesPerSecond: number } | { readonly ok: false; readonly reason: string };

/** Bytes per second of one unit: B (bytes) as PowerShell counts MB and GB, b or bit decimal; undefined if unknown. */
function unitBytes(unit: string): number | undefined {
  const m = /^([MmGg])(.*)$/.exec(unit);
  if (!m) return undefined;
  const giga = m[1]!.toUpperCase() === 'G';
  const rest = m[2]!;
  if (/^(B|iB)(\/s|ps)?$/.test(rest)) return (giga ? 1024 : 1) * bytesPerMB;
  // "Mb/s" and "Mbps" are bits; an all-lower-case "mb/s" could be either, so only "bit" or "bps" say bits there.
  const bits =
    /^bits?(\/s)?$/i.test(rest) || rest === 'bps' || (/^b(\/s)?$/.test(rest) && m[1] === m[1]!.toUpperCase());
  if (bits) return giga ? bytesPerGbit : bytesPerGbit / 1000;
  return undefined;
}

const example = 'Enter a rate such as 500 MB/s or 4 Gbit/s.';

/**
 * A typed rate: a number and a unit, MB/s when none is given. "MB/s" and "GB/s" are bytes (B), "Mbit/s", "Gbit/s",
 * "Mbps", "Gbps" bits (b). Whole bytes per second, rounded.
 */
export function parseRate(text: string): RateParse {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*([A-Za-z/]*)\s*$/.exec(text);
  if (!m) return { ok: false, reason: example };
  const value = Number(m[1]!.replace(',', '.'));
  const unitText = m[2]!;
  const unit = unitText === '' ? bytesPerMB : unitBytes(unitText);
  if (unit === undefined)
    return {
      ok: false,
      reason: `"${unitText}" is not a unit here: MB/s for megabytes, Gbit/s for gigabits. ${example}`,
    };
  const bytesPerSecond = Math.round(value * unit);
  const reason = rateProblem(bytesPerSecond);
  return reason ? { ok: false, reason } : { ok: true, bytesPerSecond };
}

/** Why a rate cannot be a limit (undefined: it can). */
export function rateProblem(bytesPerSecond: number): string | undefined {
  if (!Number.isSafeInteger(bytesPerSecond)) return example;
  if (bytesPerSecond < minSmbBytesPerSecond)
    return 'At least 1 MB/s: Set-SmbBandwidthLimit refuses less than 1,048,576 bytes per second.';
  if (bytesPerSecond > maxSmbBytesPerSecond)
    return `At most ${formatRate(maxSmbBytesPerSecond)}: more than any host's network carries.`;
  return undefined;
}

const grouped = (n: number, decimals: number): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });

/** "500 MB/s (4.19 Gbit/s)": bytes as PowerShell counts MB, and the network rate beside it. */
export function formatRate(bytesPerSecond: number): string {
  return `${grouped(bytesPerSecond / bytesPerMB, 1)} MB/s (${grouped(bytesPerSecond / bytesPerGbit, 2)} Gbit/s)`;
}

/** The rate as the input box shows it for editing: MB/s, exactly when it is a whole number of them. */
export function rateInputText(bytesPerSecond: number): string {
  const mb = bytesPerSecond / bytesPerMB;
  return Number.isInteger(mb) ? `${mb} MB/s` : `${grouped(mb, 3).replace(/,/g, '')} MB/s`;
}

/** "500 MB/s (4.19 Gbit/s)", "none", or "unavailable". */
export function describeSmbLimit(limit: SmbLiveMigrationLimit): string {
  switch (limit.state) {
    case 'none':
      return 'none';
    case 'limit':
      return formatRate(limit.bytesPerSecond);
    case 'unavailable':
      return 'unavailable';
  }
}
