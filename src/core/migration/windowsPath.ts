/**
 * Windows path checks done before anything is sent: the paths are interpreted on the Hyper-V host, so they must be
 * absolute there (drive-rooted or UNC); relative paths would resolve against a folder nobody chose.
 */
const invalidChars = /[<>"|?*]/;

function hasControlChar(s: string): boolean {
  for (const ch of s) if (ch.charCodeAt(0) < 32) return true;
  return false;
}

export function normalize(path: string): string {
  let p = path.trim().replace(/\//g, '\\');
  while (p.length > 3 && p.endsWith('\\')) p = p.slice(0, -1);
  return p;
}

export function isUnc(path: string): boolean {
  return normalize(path).startsWith('\\\\');
}

/** Drive-rooted (`D:\VMs`) or UNC with server and share (`\\FS01\VMs\web`). */
export function isFullPath(path: string): boolean {
  const p = normalize(path);
  if (p === '' || invalidChars.test(p) || hasControlChar(p)) return false;
  if (/^[A-Za-z]:\\/.test(p)) return p.indexOf(':', 2) < 0;
  if (p.startsWith('\\\\')) {
    const parts = p.slice(2).split('\\');
    return parts.length >= 2 && parts[0] !== '' && parts[1] !== '' && !p.includes(':');
  }
  return false;
}

export function leaf(path: string): string {
  const p = normalize(path);
  const i = p.lastIndexOf('\\');
  return i < 0 ? p : p.slice(i + 1);
}

export function join(dir: string, name: string): string {
  const d = normalize(dir);
  return d.endsWith('\\') ? d + name : `${d}\\${name}`;
}

export function samePath(a: string, b: string): boolean {
  return normalize(a).toLowerCase() === normalize(b).toLowerCase();
}

/** True when `path` is `root` or inside it (case-insensitive, as Windows paths are). */
export function isUnder(path: string, root: string): boolean {
  const p = normalize(path).toLowerCase();
  const r = normalize(root).toLowerCase();
  if (p === r) return true;
  return p.startsWith(r.endsWith('\\') ? r : `${r}\\`);
}

/** A VM name as a folder name: characters Windows forbids in a file name become "_". */
export function folderName(vmName: string): string {
  const cleaned = [...vmName].map((c) => (/[<>:"/\\|?*]/.test(c) || c.charCodeAt(0) < 32 ? '_' : c)).join('').trim().replace(/[. ]+$/, '');
  return cleaned || 'VM';
}
