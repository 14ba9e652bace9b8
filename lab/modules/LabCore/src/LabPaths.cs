// Windows-path helpers and "which volume/CSV/share holds this path" lookups, shared by the engine and views.
using System;
using System.Collections.Generic;
using System.Linq;

namespace HvLab
{
    public static class LabPaths
    {
        private static readonly char[] Invalid = { '<', '>', '"', '|', '?', '*' };

        /// <summary>A name as Windows keeps it: trailing spaces and dots dropped.</summary>
        private static string TrimName(string name) { return name.TrimEnd(' ', '.'); }

        /// <summary>The full path as Windows resolves it, or null when it is not a full path (drive-rooted or UNC):
        /// '/' and '\' alike, repeated separators once, '.' dropped, '..' removing the name before it (never the drive
        /// or the UNC server and share), trailing spaces and dots of every name dropped, no trailing separator.
        /// The product resolves with the same rules (src/core/migration/windowsPath.ts; test/support/windowsPaths.json).</summary>
        public static string Resolve(string path)
        {
            if (path == null) return null;
            var p = path.Trim().Replace('/', '\\');
            if (p.Length == 0 || p.IndexOfAny(Invalid) >= 0 || p.Any(ch => ch < 32)) return null;
            string root, rest;
            if (p.Length >= 3 && char.IsLetter(p[0]) && p[0] < 128 && p[1] == ':' && p[2] == '\\') { root = p.Substring(0, 2) + "\\"; rest = p.Substring(3); }
            else if (p.StartsWith("\\\\"))
            {
                var parts = p.Substring(2).Split('\\').Where(x => x.Length > 0).ToList();
                string server = parts.Count > 0 ? TrimName(parts[0]) : "", share = parts.Count > 1 ? TrimName(parts[1]) : "";
                if (server.Length == 0 || share.Length == 0 || server == "." || server == "?") return null;
                root = "\\\\" + server + "\\" + share;
                rest = string.Join("\\", parts.Skip(2));
            }
            else return null;
            if (rest.IndexOf(':') >= 0) return null;
            var names = new List<string>();
            foreach (var raw in rest.Split('\\'))
            {
                if (raw.Length == 0 || raw == ".") continue;
                if (raw == "..") { if (names.Count > 0) names.RemoveAt(names.Count - 1); continue; }
                var name = TrimName(raw);
                if (name.Length > 0) names.Add(name);
            }
            if (names.Count == 0) return root;
            return root.EndsWith("\\") ? root + string.Join("\\", names) : root + "\\" + string.Join("\\", names);
        }

        /// <summary>The resolved path, or (not a full path) the text with '\\' separators and no trailing separator.</summary>
        public static string Norm(string p)
        {
            if (string.IsNullOrEmpty(p)) return p;
            var r = Resolve(p);
            if (r != null) return r;
            p = p.Trim().Replace('/', '\\');
            while (p.Length > 3 && p.EndsWith("\\")) p = p.Substring(0, p.Length - 1);
            return p;
        }

        public static bool Same(string a, string b) { return string.Equals(Norm(a), Norm(b), StringComparison.OrdinalIgnoreCase); }

        public static bool Under(string path, string root)
        {
            path = Resolve(path); root = Resolve(root);
            if (path == null || root == null) return false;
            if (path.Equals(root, StringComparison.OrdinalIgnoreCase)) return true;
            string r = root.EndsWith("\\") ? root : root + "\\";
            return path.StartsWith(r, StringComparison.OrdinalIgnoreCase);
        }

        public static string Leaf(string path)
        {
            path = Norm(path) ?? "";
            int i = path.LastIndexOf('\\');
            return i < 0 ? path : path.Substring(i + 1);
        }

        /// <summary>A name inside a folder, the folder resolved first (as Windows does before it creates the file).</summary>
        public static string Join(string dir, string leaf)
        {
            dir = Norm(dir);
            return dir.EndsWith("\\") ? dir + leaf : dir + "\\" + leaf;
        }

        /// <summary>Absolute Windows path: drive-rooted (C:\...) or UNC (\\server\share\...), after resolving '..'.</summary>
        public static bool IsFullPath(string p) { return Resolve(p) != null; }

        public static bool IsShared(LabState s, string path, string host)
        {
            var st = Storage(s, path, host);
            return st != null && (IsShare(s, st) || IsCsv(s, st));
        }

        public static bool IsShare(LabState s, LabStorage st) { return s.Shares.Contains(st); }
        public static bool IsCsv(LabState s, LabStorage st) { return s.Clusters.Any(c => c.SharedVolumes.Contains(st)); }

        /// <summary>The storage that holds a path as seen from a host: its CSVs (if a cluster node), SMB shares, local volumes.</summary>
        public static LabStorage Storage(LabState s, string path, string hostName)
        {
            if (string.IsNullOrEmpty(path)) return null;
            LabStorage best = null; int bestLen = -1;
            Action<IEnumerable<LabStorage>> consider = list =>
            {
                foreach (var v in list)
                {
                    if (Under(path, v.Path) && Norm(v.Path).Length > bestLen) { best = v; bestLen = Norm(v.Path).Length; }
                }
            };
            var cluster = LabEngine.ClusterOf(s, hostName);
            if (cluster != null) consider(cluster.SharedVolumes);
            consider(s.Shares);
            if (best != null) return best;
            var h = LabEngine.FindHost(s, hostName);
            if (h != null) consider(h.Volumes);
            return best;
        }
    }
}
