// Windows-path helpers and "which volume/CSV/share holds this path" lookups, shared by the engine and views.
using System;
using System.Collections.Generic;
using System.Linq;

namespace HvLab
{
    public static class LabPaths
    {
        public static string Norm(string p)
        {
            if (string.IsNullOrEmpty(p)) return p;
            p = p.Replace('/', '\\');
            while (p.Length > 3 && p.EndsWith("\\")) p = p.Substring(0, p.Length - 1);
            return p;
        }

        public static bool Under(string path, string root)
        {
            path = Norm(path); root = Norm(root);
            if (string.IsNullOrEmpty(path) || string.IsNullOrEmpty(root)) return false;
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

        public static string Join(string dir, string leaf)
        {
            dir = Norm(dir);
            return dir.EndsWith("\\") ? dir + leaf : dir + "\\" + leaf;
        }

        /// <summary>Absolute Windows path: drive-rooted (C:\...) or UNC (\\server\share\...).</summary>
        public static bool IsFullPath(string p)
        {
            if (string.IsNullOrWhiteSpace(p)) return false;
            p = p.Replace('/', '\\');
            if (p.IndexOfAny(new[] { '<', '>', '"', '|', '?', '*' }) >= 0) return false;
            if (p.Length >= 3 && char.IsLetter(p[0]) && p[1] == ':' && p[2] == '\\') return p.IndexOf(':', 2) < 0;
            if (p.StartsWith("\\\\"))
            {
                var parts = p.Substring(2).Split('\\');
                return parts.Length >= 2 && parts[0].Length > 0 && parts[1].Length > 0 && p.IndexOf(':') < 0;
            }
            return false;
        }

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
