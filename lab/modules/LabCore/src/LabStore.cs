// Lab-wide state store: one JSON file guarded by an exclusive lock file, so many host processes (one pwsh per
// SSH session) can read and write it at once. Parsed state is cached per process and keyed by the file's
// mtime+length, so a read that finds the file unchanged costs a stat, not a parse.
using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace HvLab
{
    public sealed class LabSession : IDisposable
    {
        private FileStream _lock;
        private readonly string _dir;
        private bool _dirty;
        public LabState State { get; private set; }
        public DateTime Now { get; private set; }

        internal LabSession(string dir, FileStream lk, LabState state, DateTime now, bool dirty)
        {
            _dir = dir; _lock = lk; State = state; Now = now; _dirty = dirty;
        }

        /// <summary>Marks the state modified; it is written when the session is committed.</summary>
        public void MarkDirty() { _dirty = true; }

        /// <summary>Writes the state if the time model or the caller changed it, then releases the lock.</summary>
        public void Commit()
        {
            if (_dirty) LabStore.Save(_dir, State);
            _dirty = false;
            Release();
        }

        /// <summary>Releases without writing: in-memory changes are discarded (cache dropped).</summary>
        public void Abandon()
        {
            if (_dirty) LabStore.Invalidate();
            _dirty = false;
            Release();
        }

        private void Release()
        {
            if (_lock != null) { _lock.Dispose(); _lock = null; }
        }

        public void Dispose() { if (_lock != null) Abandon(); }
    }

    public static class LabStore
    {
        public const string StateFileName = "state.json";
        public const string LockFileName = "state.lock";
        public static readonly JsonSerializerOptions Json = MakeOptions();

        private static readonly object Gate = new object();
        private static string _cachePath;
        private static DateTime _cacheMtime;
        private static long _cacheLength;
        private static LabState _cache;

        private static JsonSerializerOptions MakeOptions()
        {
            var o = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                PropertyNameCaseInsensitive = true,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                NumberHandling = JsonNumberHandling.AllowReadingFromString,
            };
            return o;
        }

        public static string ResolveDir(string dir)
        {
            if (string.IsNullOrEmpty(dir)) dir = Environment.GetEnvironmentVariable("HVLAB_STATE");
            if (string.IsNullOrEmpty(dir)) throw new InvalidOperationException("The lab state folder is not set (HVLAB_STATE).");
            return dir;
        }

        /// <summary>
        /// Takes the lab-wide lock (retrying; the holder keeps it for milliseconds of CPU). The wait may be long: the lock
        /// is the simulation's, not Hyper-V's, and with 50 simulated hosts' commands on 2 cores a holder gets a small share
        /// of the CPU (the 50-host peers bench waited past 30 s), so only a holder gone for minutes is an error.
        /// </summary>
        public static FileStream AcquireLock(string dir, int timeoutMs = 180000)
        {
            string path = Path.Combine(dir, LockFileName);
            var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            int wait = 2;
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException)
                {
                    if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for the lab state lock " + path + ".");
                    Thread.Sleep(wait);
                    if (wait < 20) wait += 2;
                }
            }
        }

        /// <summary>Opens a locked session with the time model advanced to now.</summary>
        public static LabSession Open(string dir)
        {
            dir = ResolveDir(dir);
            var lk = AcquireLock(dir);
            try
            {
                var state = Load(dir);
                var now = DateTime.UtcNow;
                bool changed = LabEngine.Advance(state, now);
                return new LabSession(dir, lk, state, now, changed);
            }
            catch
            {
                lk.Dispose();
                Invalidate();
                throw;
            }
        }

        /// <summary>A read: lock, advance to now (persisting any event that happened), release.</summary>
        public static LabState Read(string dir)
        {
            using (var s = Open(dir))
            {
                var st = s.State;
                s.Commit();
                return st;
            }
        }

        public static void Invalidate()
        {
            lock (Gate) { _cache = null; _cachePath = null; }
        }

        /// <summary>Caller holds the lock.</summary>
        internal static LabState Load(string dir)
        {
            string path = Path.Combine(dir, StateFileName);
            var fi = new FileInfo(path);
            if (!fi.Exists) throw new FileNotFoundException("The lab state file does not exist; run Initialize-LabState first.", path);
            lock (Gate)
            {
                if (_cache != null && _cachePath == path && _cacheMtime == fi.LastWriteTimeUtc && _cacheLength == fi.Length)
                    return _cache;
            }
            var state = JsonSerializer.Deserialize<LabState>(File.ReadAllBytes(path), Json);
            lock (Gate) { _cache = state; _cachePath = path; _cacheMtime = fi.LastWriteTimeUtc; _cacheLength = fi.Length; }
            return state;
        }

        /// <summary>Caller holds the lock (or is initialising). Writes atomically (temp file + rename).</summary>
        public static void Save(string dir, LabState state)
        {
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, StateFileName);
            string tmp = path + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp";
            File.WriteAllBytes(tmp, JsonSerializer.SerializeToUtf8Bytes(state, Json));
            File.Move(tmp, path, true);
            var fi = new FileInfo(path);
            lock (Gate) { _cache = state; _cachePath = path; _cacheMtime = fi.LastWriteTimeUtc; _cacheLength = fi.Length; }
        }

        public static T FromJson<T>(string json) { return JsonSerializer.Deserialize<T>(json, Json); }
        public static string ToJson(object o) { return JsonSerializer.Serialize(o, Json); }
    }
}
