# The engine's dispatcher (last part; loaded after bootstrap.ps1 and sessions.ps1 as one script, dot-sourced once into
# the local PowerShell process), then called once per request with one line, `Invoke-HvmRequest '<base64 of UTF-8
# JSON>'`. It answers with exactly one ASCII JSON line written with [Console]::Out.WriteLine, echoing the request's
# nonce (other text can reach this console: a host's Write-Host, say), and never writes to any other stream
# (node-powershell treats stderr as failure). Passwords never arrive on that line: see Read-HvmCredentials.
# Must parse and run under Windows PowerShell 5.1 as well as PowerShell 7 (test/support/ps51.ts checks it).

# Remote progress records would otherwise be rendered by this console.
$ProgressPreference = 'SilentlyContinue'

# ASCII-only JSON so the line survives any console code page (Windows consoles are not UTF-8 by default).
function ConvertTo-HvmAsciiJson($Value) {
    $json = ConvertTo-Json -InputObject $Value -Depth 10 -Compress
    return [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}

function Write-HvmLine($Value) {
    [Console]::Out.WriteLine((ConvertTo-HvmAsciiJson $Value))
}

# What the request is doing now, one line overwritten in the engine's private folder: when PowerShell stops answering,
# the engine reads it to say where it stuck. Host names and steps only, never values.
$script:HvmPhaseFile = $null
$script:HvmPhaseWatch = $null
function Set-HvmPhase([string]$Text) {
    if (-not $script:HvmPhaseFile) { return }
    $ms = 0
    if ($null -ne $script:HvmPhaseWatch) { $ms = $script:HvmPhaseWatch.ElapsedMilliseconds }
    try { [System.IO.File]::WriteAllText($script:HvmPhaseFile, ('{0}, {1} ms into the request' -f $Text, $ms)) } catch { $null = $_ }
}

function Get-HvmHostList($Hosts) {
    $names = @($Hosts | ForEach-Object { [string]$_.host.name })
    if ($names.Count -gt 6) { return (($names[0..4] -join ', ') + (' and {0} more' -f ($names.Count - 5))) }
    return ($names -join ', ')
}

function Get-HvmErrorInfo($Record, [string]$Stage) {
    $exception = $Record
    if ($Record -is [System.Management.Automation.ErrorRecord]) { $exception = $Record.Exception }
    # Unwrap the invocation wrappers the [powershell] API adds, so the message is the cause's.
    $unwrapped = $false
    while (($exception -is [System.Management.Automation.MethodInvocationException]) -and $null -ne $exception.InnerException) {
        $exception = $exception.InnerException
        $unwrapped = $true
    }
    # What was thrown inside carries its own record (its error id); the wrapper's says only RuntimeException.
    if ($unwrapped -and $exception -is [System.Management.Automation.IContainsErrorRecord] -and $null -ne $exception.ErrorRecord) {
        $Record = $exception.ErrorRecord
        $exception = $Record.Exception
    }
    # -ErrorAction Stop wraps the real error; report the real one.
    if ($exception -is [System.Management.Automation.ActionPreferenceStopException] -and $null -ne $exception.ErrorRecord) {
        $Record = $exception.ErrorRecord
        $exception = $Record.Exception
    }
    $id = $null; $category = $null; $target = $null
    if ($Record -is [System.Management.Automation.ErrorRecord]) {
        $id = [string]$Record.FullyQualifiedErrorId
        $category = [string]$Record.CategoryInfo.Category
        # Local objects (a RemoteRunspace, say) say nothing useful as text.
        if ($Record.TargetObject -is [string] -or $Record.TargetObject -is [ValueType]) { $target = [string]$Record.TargetObject }
    }
    if ($exception -is [System.Management.Automation.IContainsErrorRecord]) {
        $inner = $exception.ErrorRecord
        if ($null -ne $inner) {
            if (-not $id) { $id = [string]$inner.FullyQualifiedErrorId }
            if (-not $category) { $category = [string]$inner.CategoryInfo.Category }
        }
    }
    return @{
        stage = $Stage
        message = [string]$exception.Message
        fullyQualifiedErrorId = $id
        category = $category
        targetObject = $target
        exceptionType = $exception.GetType().FullName
    }
}

function New-HvmFailure($Target, $Ms, $ErrorInfo) {
    return @{ host = $Target.name; index = $Target.index; ok = $false; ms = $Ms; error = $ErrorInfo }
}

# Starts the script on every host whose session is open; hosts that failed to connect get their error at once.
function Start-HvmScripts($Hosts, $Failures, [string]$ScriptText, $Stopwatch, $Results) {
    $items = New-Object System.Collections.ArrayList
    foreach ($h in $Hosts) {
        if ($Failures.ContainsKey($h.sessionKey)) {
            $null = $Results.Add((New-HvmFailure $h $Stopwatch.ElapsedMilliseconds $Failures[$h.sessionKey]))
            continue
        }
        $entry = $script:HvmSessions[$h.sessionKey]
        $ps = [powershell]::Create()
        $ps.Runspace = $entry.runspace
        $null = $ps.AddCommand('Invoke-HvmBootstrap').AddArgument($ScriptText).AddArgument([string]$h.parameters)
        try {
            $null = $items.Add(@{ host = $h; ps = $ps; handle = $ps.BeginInvoke(); doneMs = $null })
        } catch {
            # BeginInvoke refused: the script never left this process.
            $null = $items.Add(@{ host = $h; ps = $ps; handle = $null; doneMs = $Stopwatch.ElapsedMilliseconds; startError = $_ })
        }
    }
    return , $items
}

# Reads each host's answer. A session that broke is closed; its host is sent again only when that is safe: the script
# never started there, or it is idempotent and ran on a session cached from before (a fresh one that breaks at once
# would break again). Otherwise the error says the outcome is unknown, so the caller asks the host what happened.
function Receive-HvmResults($Items, $Request, [int]$Round, $CachedBefore, $Stopwatch, $Results) {
    $retry = New-Object System.Collections.ArrayList
    foreach ($item in $Items) {
        $h = $item.host
        if ($null -eq $item.doneMs) {
            Set-HvmPhase ('stopping the script that timed out on ' + [string]$h.name)
            $null = $item.ps.BeginStop($null, $null)
            # The host may still be busy with the stopped command; a fresh session next time is safer.
            Close-HvmSession $h.sessionKey
            $null = $Results.Add((New-HvmFailure $h $Stopwatch.ElapsedMilliseconds @{ stage = 'timeout'; outcomeUnknown = $true; message = 'The request timed out before the host answered; the script may still be running there.' }))
            continue
        }
        try {
            if ($null -ne $item.startError) { throw $item.startError }
            Set-HvmPhase ('reading the answer of ' + [string]$h.name)
            $output = $item.ps.EndInvoke($item.handle)
            if ($output.Count -ne 1) { throw 'The host returned no result.' }
            $null = $Results.Add(@{ host = $h.name; index = $h.index; ok = $true; ms = $item.doneMs; json = [string]$output[0] })
        } catch {
            $info = Get-HvmErrorInfo $_ 'run'
            $broken = -not (Test-HvmSessionUsable $script:HvmSessions[$h.sessionKey]) -or $info.exceptionType -like '*TransportException*'
            if ($broken) { Close-HvmSession $h.sessionKey }
            $started = $null -eq $item.startError
            $safe = (-not $started) -or ([bool]$Request.idempotent -and $CachedBefore[$h.sessionKey])
            if ($broken -and $Round -eq 0 -and $safe) {
                $null = $retry.Add($h)
            } else {
                if ($broken) { $info.stage = 'transport' }
                if ($broken -and $started) {
                    $info.outcomeUnknown = $true
                    $info.message = 'The connection broke while ' + [string]$Request.script.name + ' ran; whether it finished on the host is unknown. (' + $info.message + ')'
                }
                $null = $Results.Add((New-HvmFailure $h $item.doneMs $info))
            }
        } finally {
            Set-HvmPhase ('releasing the pipeline of ' + [string]$h.name)
            $item.ps.Dispose()
        }
    }
    return , $retry
}

function Invoke-HvmRequest([string]$Payload) {
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $script:HvmPhaseWatch = $stopwatch
    $results = New-Object System.Collections.ArrayList
    $nonce = $null
    try {
        $ProgressPreference = 'SilentlyContinue'
        # Request lines hold no secret, but nothing needs them kept either.
        Clear-History
        $json = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload))
        $request = & $script:HvmBootstrap -ParametersJson $json -ParseOnly -Shallow
        $nonce = [string]$request.nonce
        $deadline = [datetime]::UtcNow.AddMilliseconds([double]$request.timeoutMs)
        $credentials = @{ read = $false; byIndex = @{}; error = $null }

        Set-HvmPhase ('finishing earlier session closes before ' + [string]$request.script.name)
        Complete-HvmClosing 0
        Close-HvmReplacedSessions $request.hosts
        if (-not [bool]$request.idempotent) {
            Set-HvmPhase 'checking the cached sessions answer'
            Test-HvmCachedSessions $request.hosts $deadline $stopwatch
        }

        $remaining = New-Object System.Collections.ArrayList
        foreach ($h in $request.hosts) { $null = $remaining.Add($h) }
        # Two rounds at most: a host whose session broke is sent again once, when that is safe (Receive-HvmResults).
        for ($round = 0; $round -lt 2 -and $remaining.Count -gt 0; $round++) {
            $failures = @{}
            $cachedBefore = @{}
            foreach ($h in $remaining) { $cachedBefore[$h.sessionKey] = Test-HvmSessionUsable $script:HvmSessions[$h.sessionKey] }
            Open-HvmSessions $remaining $deadline $stopwatch $failures $request $credentials
            Set-HvmPhase ('starting ' + [string]$request.script.name)
            $items = Start-HvmScripts $remaining $failures ([string]$request.script.text) $stopwatch $results
            Set-HvmPhase ('waiting for ' + (Get-HvmHostList $items) + ' to answer ' + [string]$request.script.name)
            Wait-HvmHandles @($items | Where-Object { $null -ne $_.handle }) $deadline $stopwatch
            $remaining = Receive-HvmResults $items $request $round $cachedBefore $stopwatch $results
        }
        Set-HvmPhase 'writing the answer'
        Write-HvmLine @{ ok = $true; nonce = $nonce; pid = $PID; results = $results.ToArray() }
    } catch {
        if ($env:HVM_DEBUG) { [Console]::Out.WriteLine($_.ScriptStackTrace) }
        Write-HvmLine @{ ok = $false; nonce = $nonce; pid = $PID; error = (Get-HvmErrorInfo $_ 'dispatcher') }
    }
}

# Engine dispose: every session closed, waiting up to $WaitMs for the hosts, so no shell stays open on a host.
function Close-HvmSessions([string]$Nonce, [int]$WaitMs) {
    try {
        foreach ($key in @($script:HvmSessions.Keys)) { Close-HvmSession $key }
        Complete-HvmClosing $WaitMs
        Write-HvmLine @{ ok = $true; nonce = $Nonce; pid = $PID; results = @(); stillClosing = $script:HvmClosing.Count }
    } catch {
        Write-HvmLine @{ ok = $false; nonce = $Nonce; pid = $PID; error = (Get-HvmErrorInfo $_ 'dispatcher') }
    }
}

function Initialize-HvmDispatcher([string]$Nonce) {
    $ProgressPreference = 'SilentlyContinue'
    # Read once, then gone from the environment: nothing this process starts (ssh, for one) inherits it.
    $script:HvmSideChannel = $env:HVM_SIDE_CHANNEL
    [Environment]::SetEnvironmentVariable('HVM_SIDE_CHANNEL', $null)
    $script:HvmPhaseFile = $env:HVM_PHASE_FILE
    [Environment]::SetEnvironmentVariable('HVM_PHASE_FILE', $null)
    Write-HvmLine @{ ok = $true; nonce = $Nonce; pid = $PID; psVersion = $PSVersionTable.PSVersion.ToString() }
}
