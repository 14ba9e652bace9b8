// The job Move-VM / Move-VMStorage -AsJob return (docs/hyperv.md, "Moving VMs"): a real System.Management.Automation.Job that
// watches the lab migration in the state store. The migration itself lives in the store, so the job is only
// an observer: it completes when the migration ends (errors in .Error, state Completed even on failure, as the
// real VmJob does), and Stop-Job terminates the migration.
using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using HvLab;

namespace Microsoft.HyperV.PowerShell
{
    public class VmJob : Job
    {
        private readonly string _dir;
        private readonly string _migrationId;
        private readonly string _cmdletClass;
        private readonly object _target;
        private readonly ProgressRecord _progress;
        private string _location;
        private string _status = "";
        private volatile bool _stopping;

        public VmJob(string command, string name, string stateDir, string migrationId, string cmdletClass, object target, string activity, string location)
            : base(command, name)
        {
            _dir = stateDir; _migrationId = migrationId; _cmdletClass = cmdletClass; _target = target; _location = location;
            PSJobTypeName = "VirtualMachineJob";
            _progress = new ProgressRecord(0, activity, "0% complete") { PercentComplete = 0, SecondsRemaining = -1 };
            Progress.Add(_progress);
            SetJobState(JobState.Running);
            var t = new Thread(Watch) { IsBackground = true, Name = "VmJob " + migrationId };
            t.Start();
        }

        public string MigrationId { get { return _migrationId; } }
        public override bool HasMoreData { get { return true; } }
        public override string Location { get { return _location; } }
        public override string StatusMessage { get { return _status; } }

        public override void StopJob()
        {
            _stopping = true;
            try
            {
                using (var s = LabStore.Open(_dir))
                {
                    var m = s.State.Migrations.FirstOrDefault(x => x.Id == _migrationId);
                    if (m != null && LabEngine.Cancel(s.State, m, s.Now)) s.MarkDirty();
                    s.Commit();
                }
            }
            catch (Exception) { }
        }

        private void Watch()
        {
            while (true)
            {
                LabMigration m = null; int pct = 0; DateTime now = DateTime.UtcNow;
                try
                {
                    using (var s = LabStore.Open(_dir))
                    {
                        m = s.State.Migrations.FirstOrDefault(x => x.Id == _migrationId);
                        now = s.Now;
                        if (m != null) pct = LabEngine.Percent(m, now);
                        s.Commit();
                    }
                }
                catch (Exception e)
                {
                    Thread.Sleep(500);
                    if (_stopping) { Error.Add(new ErrorRecord(e, "Unspecified,Microsoft.HyperV.PowerShell.Commands." + _cmdletClass, ErrorCategory.NotSpecified, _target)); SetJobState(JobState.Stopped); return; }
                    continue;
                }
                if (m == null)
                {
                    _progress.PercentComplete = 100; _progress.RecordType = ProgressRecordType.Completed;
                    SetJobState(JobState.Completed);
                    return;
                }
                _progress.PercentComplete = pct;
                _progress.StatusDescription = pct + "% complete";
                _status = m.Status == "Queued" ? "Job is queued" : m.Status == "Running" ? "Job is running" : m.Status == "Completed" ? "Job completed successfully" : "Job failed";
                if (!LabEngine.IsActive(m))
                {
                    if (m.Status != "Completed")
                    {
                        var rec = LabErrors.Record(m.ErrorId ?? "OperationFailed", _cmdletClass, m.ErrorMessage, _target);
                        Error.Add(rec);
                        var ep = new ProgressRecord(0, _progress.Activity, m.ErrorSummary ?? "Error") { PercentComplete = 100, RecordType = ProgressRecordType.Completed };
                        Progress.Add(ep);
                    }
                    _progress.PercentComplete = 100; _progress.RecordType = ProgressRecordType.Completed;
                    SetJobState(JobState.Completed);
                    return;
                }
                Thread.Sleep(250);
            }
        }
    }
}

namespace HvLab
{
    /// <summary>ErrorRecords shaped like the real module's (docs/hyperv.md, "Errors").</summary>
    public static class LabErrors
    {
        public static ErrorCategory Category(string id)
        {
            switch (id)
            {
                case "InvalidParameter": return ErrorCategory.InvalidArgument;
                case "InvalidOperation": return ErrorCategory.InvalidOperation;
                case "AccessDenied": return ErrorCategory.PermissionDenied;
                case "FileNotFound": case "DeviceNotFound": case "ObjectNotFound": return ErrorCategory.ObjectNotFound;
                case "NotSupported": return ErrorCategory.InvalidOperation;
                case "OperationTimeout": return ErrorCategory.OperationTimeout;
                case "ObjectInUse": return ErrorCategory.ResourceBusy;
                case "InvalidState": case "StatusIncorrectType": return ErrorCategory.InvalidOperation;
                case "StatusUnavailable": return ErrorCategory.ResourceUnavailable;
                case "OutOfMemory": case "RebootRequired": return ErrorCategory.FromStdErr;
                default: return ErrorCategory.NotSpecified;   // OperationFailed (WMI 32768), Unspecified
            }
        }

        private static readonly System.Reflection.FieldInfo FqidField = typeof(ErrorRecord).GetField("_serializedFullyQualifiedErrorId",
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);

        /// <summary>An ErrorRecord whose FullyQualifiedErrorId is exactly fqid. PowerShell would otherwise decorate
        /// the id with the *function* name (",Get-VM"); a compiled cmdlet gets its class name, which is what the real
        /// module shows, so the lab pins the final id.</summary>
        public static ErrorRecord Make(Exception e, string fqid, ErrorCategory category, object target)
        {
            int comma = fqid.IndexOf(',');
            var r = new ErrorRecord(e, comma > 0 ? fqid.Substring(0, comma) : fqid, category, target);
            if (FqidField != null) FqidField.SetValue(r, fqid);
            return r;
        }

        public static ErrorRecord Record(string id, string cmdletClass, string message, object target, ErrorCategory? category = null)
        {
            var e = new Microsoft.HyperV.PowerShell.VirtualizationException(message);
            return Make(e, id + ",Microsoft.HyperV.PowerShell.Commands." + cmdletClass, category ?? Category(id), target);
        }

        public static ErrorRecord ClusterRecord(string cmdlet, string message, ErrorCategory category, object target)
        {
            var e = new Microsoft.FailoverClusters.PowerShell.ClusterCmdletException(message);
            return Make(e, cmdlet + "," + "Microsoft.FailoverClusters.PowerShell." + cmdlet.Replace("-", "") + "Command", category, target);
        }
    }
}
