/**
 * Windows paths as the Hyper-V host will read them. Paths are interpreted on the host, so they must be full there
 * (drive-rooted or UNC); every comparison goes through `resolve`, which spells a path the way Windows resolves it,
 * so that two spellings of one place compare equal and a typed `..` cannot leave a folder it seems to be under.
 * The lab resolves paths with the same rules (lab/modules/LabCore/src/LabPaths.cs; both are tested against
 * test/support/windowsPaths.json). See docs/hyperv.md, "Paths".
 */
const invalidChars = /[<>"|?*]/;

function hasControlChar(s: string): boolean {
  for (const ch of s) if (ch.charCodeAt(0) < 32) return true;
  return false;
}

/** A name as Windows keeps it: trailing spaces and dots dropped (a name of only dots and spaces is no name). */
function trimName(name: string): string {
  return name.replace(/[. ]+$/, '');
}

/**
 * The full path `path` names, spelled as Windows resolves it: `/` and `\` alike, repeated separators as one, `.`
 * dropped, `..` removing the name before it (never the drive or the UNC server and share), trailing spaces and dots
 * of every name dropped, no trailing separator. Case is kept (compare with `samePath`). Undefined when `path` is not
 * a full path: relative, drive-relative (`C:x`), rooted without a drive (`\x`), a UNC path without a share, or
 * holding characters Windows forbids in names.
 */
export function resolve(path: string): string | undefined {
  const p = path.trim().replace(/\//g, '\\');
  if (p === '' || invalidChars.test(p) || hasControlChar(p)) return undefined;
  let root: string;
  let rest: string;
  if (/^[A-Za-z]:\\/.test(p)) {
    root = `${p.slice(0, 2)}\\`;
    rest = p.slice(3);
  } else if (p.startsWith('\\\\')) {
    const parts = p
      .slice(2)
      .split('\\')
      .filter((x) => x !== '');
    const server = trimName(parts[0] ?? '');
    const share = trimName(parts[1] ?? '');
    if (server === '' || share === '' || server === '.' || server === '?') return undefined;
    root = `\\\\${server}\\${share}`;
    rest = parts.slice(2).join('\\');
  } else {
    return undefined;
  }
  if (rest.includes(':')) return undefined;
  const names: string[] = [];
  for (const raw of rest.split('\\')) {
    if (raw === '' || raw === '.') continue;
    if (raw === '..') {
      names.pop();
      continue;
    }
    const name = trimName(raw);
    if (name !== '') names.push(name);
  }
  if (names.length === 0) return root;
  return root.endsWith('\\') ? root + names.join('\\') : `${root}\\${names.join('\\')}`;
}

/** Drive-rooted (`D:\VMs`) or UNC with server and share (`\\FS01\VMs\web`), after resolving `..` and the rest. */
export function isFullPath(path: string): boolean {
  return resolve(path) !== undefined;
}

/** The comparison key of a path: its resolved spelling, case-folded (Windows compares names case-insensitively). */
export function pathKey(path: string): string {
  return (resolve(path) ?? path.trim().replace(/\//g, '\\')).toLowerCase();
}

export function isUnc(path: string): boolean {
  return (resolve(path) ?? path.trim()).replace(/\//g, '\\').startsWith('\\\\');
}

export function leaf(path: string): string {
  const p = resolve(path) ?? path.trim().replace(/\//g, '\\');
  const i = p.lastIndexOf('\\');
  return i < 0 ? p : p.slice(i + 1);
}

/** `name` inside the folder `dir` names (the folder resolved first, as Windows does before it creates the file). */
export function join(dir: string, name: string): string {
  const d = resolve(dir) ?? dir.trim().replace(/\//g, '\\');
  return d.endsWith('\\') ? d + name : `${d}\\${name}`;
}

export function samePath(a: string, b: string): boolean {
  return pathKey(a) === pathKey(b);
}

/** True when `path` is `root` or inside it, both resolved: `C:\CSV\Volume1\..\..\Windows` is not under `C:\CSV`. */
export function isUnder(path: string, root: string): boolean {
  const p = resolve(path);
  const r = resolve(root);
  if (p === undefined || r === undefined) return false;
  const pk = p.toLowerCase();
  const rk = r.toLowerCase();
  return pk === rk || pk.startsWith(rk.endsWith('\\') ? rk : `${rk}\\`);
}

/** A VM name as a folder name: characters Windows forbids in a file name become "_". */
export function folderName(vmName: string): string {
  const cleaned = [...vmName]
    .map((c) => (/[<>:"/\\|?*]/.test(c) || c.charCodeAt(0) < 32 ? '_' : c))
    .join('')
    .trim()
    .replace(/[. ]+$/, '');
  return cleaned || 'VM';
}

/** The folder a file is in (resolved): `D:\VMs\web\disk.vhdx` → `D:\VMs\web`; a volume root stays itself. */
export function parentOf(path: string): string {
  const p = resolve(path) ?? path;
  const l = leaf(p);
  const parent = p.slice(0, Math.max(0, p.length - l.length - 1));
  return /^[A-Za-z]:$/.test(parent) ? `${parent}\\` : parent;
}

/** The volume a path is on: `D:\` for a drive path, `\\server\share` for a UNC path. */
export function volumeOf(path: string): string | undefined {
  const p = resolve(path);
  if (p === undefined) return undefined;
  if (/^[A-Za-z]:/.test(p)) return `${p.slice(0, 2).toUpperCase()}\\`;
  const m = /^\\\\[^\\]+\\[^\\]+/.exec(p);
  return m?.[0];
}
