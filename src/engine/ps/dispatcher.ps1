# The engine's dispatcher: dot-sourced once into the local PowerShell process, then called once per request with
# one line, `Invoke-HvmRequest '<base64 of UTF-8 JSON>'`. It answers with exactly one ASCII JSON line written with
# [Console]::Out.WriteLine and never writes to any other stream (node-powershell treats stderr as failure).
# Must parse and run under Windows PowerShell 5.1 as well as PowerShell 7 (test/support/ps51.ts checks it).

# Remote sessions (and local runspaces) by session key, kept open across requests.
$script:HvmSessions = @{}
$script:HvmPool = $null
# Remote progress records would otherwise be rendered by this console.
$ProgressPreference = 'SilentlyContinue'

# The constant bootstrap that runs on every host: receives the bundled script's exact text and the parameter values
# as JSON, so no value ever becomes code. Also used locally (-ParseOnly) to read the request payload, so both sides
# read JSON the same way.
$script:HvmBootstrap = {
    param([string]$ScriptText, [string]$ParametersJson, [switch]$ParseOnly, [switch]$Shallow)

    # Parameter JSON must arrive exactly: keys that differ only in case stay apart (ConvertFrom-Json's objects cannot
    # hold them) and date-looking strings stay strings (ConvertFrom-Json in PowerShell 7 makes them DateTime).

    # PowerShell 7: walk System.Text.Json's document. Strings, the usual leaves, are read in the loops: a PowerShell
    # function call per value would cost more than the parse itself.
    function ConvertFrom-HvmJsonElement($Element) {
        $kind = $Element.ValueKind.ToString()
        if ($kind -eq 'Object') {
            $table = New-Object System.Collections.Hashtable
            foreach ($property in $Element.EnumerateObject()) {
                $item = $property.Value
                if ($item.ValueKind.ToString() -eq 'String') { $table[$property.Name] = $item.GetString() }
                else { $table[$property.Name] = ConvertFrom-HvmJsonElement $item }
            }
            return $table
        }
        if ($kind -eq 'Array') {
            $list = New-Object System.Collections.ArrayList
            foreach ($item in $Element.EnumerateArray()) {
                if ($item.ValueKind.ToString() -eq 'String') { $null = $list.Add($item.GetString()) }
                else { $null = $list.Add((ConvertFrom-HvmJsonElement $item)) }
            }
            # The comma keeps PowerShell from unrolling the array (and from turning [] or [x] into $null or x).
            return , $list.ToArray()
        }
        if ($kind -eq 'String') { return $Element.GetString() }
        if ($kind -eq 'Number') {
            $long = [long]0
            if ($Element.TryGetInt64([ref]$long)) {
                if ($long -ge [int]::MinValue -and $long -le [int]::MaxValue) { return [int]$long }
                return $long
            }
            return $Element.GetDouble()
        }
        if ($kind -eq 'True') { return $true }
        if ($kind -eq 'False') { return $false }
        return $null
    }

    # Windows PowerShell 5.1: JavaScriptSerializer gives case-sensitive dictionaries and object arrays (and leaves
    # ISO date strings alone); turn them into hashtables and arrays.
    function ConvertFrom-HvmDictionary($Value) {
        if ($Value -is [System.Collections.IDictionary]) {
            $table = New-Object System.Collections.Hashtable
            foreach ($key in $Value.Keys) {
                $item = $Value[$key]
                if ($item -is [System.Collections.IDictionary] -or $item -is [System.Array]) { $item = ConvertFrom-HvmDictionary $item }
                $table[$key] = $item
            }
            return $table
        }
        if ($Value -is [System.Array]) {
            $list = New-Object System.Collections.ArrayList
            foreach ($item in $Value) {
                if ($item -is [System.Collections.IDictionary] -or $item -is [System.Array]) { $item = ConvertFrom-HvmDictionary $item }
                $null = $list.Add($item)
            }
            return , $list.ToArray()
        }
        return $Value
    }

    # -Shallow (the dispatcher's own request, whose keys we choose): ConvertFrom-Json's objects will do, and the
    # parse is C# only.
    function ConvertFrom-HvmJson([string]$Json, [switch]$Shallow) {
        $version = $PSVersionTable.PSVersion
        $hasDateKind = $version.Major -gt 7 -or ($version.Major -eq 7 -and $version.Minor -ge 5)
        if ($Shallow -and $hasDateKind) { return , (ConvertFrom-Json -InputObject $Json -DateKind String) }
        if ($Shallow -and $version.Major -lt 6) { return , (ConvertFrom-Json -InputObject $Json) }
        if ($version.Major -lt 6) {
            Add-Type -AssemblyName System.Web.Extensions
            $serializer = New-Object System.Web.Script.Serialization.JavaScriptSerializer
            $serializer.MaxJsonLength = [int]::MaxValue
            return , (ConvertFrom-HvmDictionary $serializer.DeserializeObject($Json))
        }
        $document = [System.Text.Json.JsonDocument]::Parse($Json)
        try { return , (ConvertFrom-HvmJsonElement $document.RootElement) } finally { $document.Dispose() }
    }

    if ($ParseOnly) { return , (ConvertFrom-HvmJson $ParametersJson -Shallow:$Shallow) }

    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    # Preference variables do not reach functions of script modules; a default -ErrorAction does, so errors written
    # by script-module commands stop the script as binary cmdlets' errors do.
    $PSDefaultParameterValues = @{ '*:ErrorAction' = 'Stop' }
    try {
        if ($PSVersionTable.PSVersion.Major -lt 6) {
            # 5.1 serializes arrays as {"value":[...],"Count":n} because of this type data; drop it for this session.
            Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
        }
        $parameters = ConvertFrom-HvmJson $ParametersJson
        if ($null -eq $parameters) { $parameters = @{} }
        $block = [scriptblock]::Create($ScriptText)
        $output = @(& $block @parameters)
        $value = $null
        if ($output.Count -eq 1) { $value = $output[0] } elseif ($output.Count -gt 1) { $value = $output }
        $json = ConvertTo-Json -InputObject $value -Depth 10 -Compress
        return [string]('{"ok":true,"value":' + $json + '}')
    } catch {
        $record = $_
        $target = $null
        if ($null -ne $record.TargetObject) { $target = [string]$record.TargetObject }
        $info = @{
            ok = $false
            message = [string]$record.Exception.Message
            fullyQualifiedErrorId = [string]$record.FullyQualifiedErrorId
            category = [string]$record.CategoryInfo.Category
            targetObject = $target
            exceptionType = $record.Exception.GetType().FullName
        }
        return [string](ConvertTo-Json -InputObject $info -Compress)
    }
}

# ASCII-only JSON so the line survives any console code page (Windows consoles are not UTF-8 by default).
function ConvertTo-HvmAsciiJson($Value) {
    $json = ConvertTo-Json -InputObject $Value -Depth 10 -Compress
    return [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}

function Write-HvmLine($Value) {
    [Console]::Out.WriteLine((ConvertTo-HvmAsciiJson $Value))
}

function Get-HvmErrorInfo($Record, [string]$Stage) {
    $exception = $Record
    if ($Record -is [System.Management.Automation.ErrorRecord]) { $exception = $Record.Exception }
    # Unwrap the invocation wrappers the [powershell] API adds, so the message is the cause's.
    while (($exception -is [System.Management.Automation.MethodInvocationException]) -and $null -ne $exception.InnerException) {
        $exception = $exception.InnerException
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

function Get-HvmPool {
    if ($null -eq $script:HvmPool) {
        $pool = [runspacefactory]::CreateRunspacePool(1, 64)
        $pool.Open()
        $script:HvmPool = $pool
    }
    return $script:HvmPool
}

# What each host gets: a runspace to run on (remote session's or a local one) plus what to close when discarded.
function New-HvmSessionScript {
    return {
        param($Transport, $SessionParameters, $Credential, $OpenTimeoutMs, $BootstrapText)
        $ErrorActionPreference = 'Stop'
        # The bootstrap is defined once per session and then called by name: sending and compiling it with every
        # request doubled the per-host cost of a request.
        $define = 'param($Text) Set-Item -Path function:global:Invoke-HvmBootstrap -Value ([scriptblock]::Create($Text))'
        if ($Transport -eq 'local') {
            $runspace = [runspacefactory]::CreateRunspace()
            $runspace.Open()
            $ps = [powershell]::Create(); $ps.Runspace = $runspace
            try { $null = $ps.AddScript($define).AddArgument($BootstrapText).Invoke() } finally { $ps.Dispose() }
            return @{ runspace = $runspace; session = $null }
        }
        $splat = @{}
        foreach ($key in $SessionParameters.Keys) { $splat[$key] = $SessionParameters[$key] }
        if ($null -ne $Credential) {
            $secure = ConvertTo-SecureString -String ([string]$Credential.password) -AsPlainText -Force
            $splat['Credential'] = New-Object System.Management.Automation.PSCredential([string]$Credential.userName, $secure)
        }
        if ($Transport -eq 'wsman' -and $OpenTimeoutMs) {
            $splat['SessionOption'] = New-PSSessionOption -OpenTimeout ([int]$OpenTimeoutMs)
        }
        if ($Transport -eq 'ssh') {
            # pwsh 7.6 can crash (an unhandled broken pipe in its SSH transport) when ssh exits at once on a refused
            # connection. A host given by IP address is asked first, so a refused one never takes that path.
            $ip = $null
            if ([System.Net.IPAddress]::TryParse([string]$splat['HostName'], [ref]$ip)) {
                $port = 22
                if ($splat['Port']) { $port = [int]$splat['Port'] }
                $client = New-Object System.Net.Sockets.TcpClient($ip.AddressFamily)
                $refused = $false
                try {
                    try { $null = $client.ConnectAsync($ip, $port).Wait(3000) } catch {
                        $inner = $_.Exception
                        while ($null -ne $inner.InnerException) { $inner = $inner.InnerException }
                        $refused = ($inner -is [System.Net.Sockets.SocketException] -and $inner.SocketErrorCode -eq [System.Net.Sockets.SocketError]::ConnectionRefused)
                    }
                } finally { $client.Dispose() }
                if ($refused) { throw ('ssh: connect to host {0} port {1}: Connection refused' -f $ip, $port) }
            }
        }
        $session = New-PSSession @splat
        $ps = [powershell]::Create(); $ps.Runspace = $session.Runspace
        try { $null = $ps.AddScript($define).AddArgument($BootstrapText).Invoke() } finally { $ps.Dispose() }
        return @{ runspace = $session.Runspace; session = $session }
    }
}

function Close-HvmSession([string]$Key) {
    $entry = $script:HvmSessions[$Key]
    if ($null -eq $entry) { return }
    $script:HvmSessions.Remove($Key)
    try {
        # Closing asynchronously: a dead host must not hold up the request.
        if ($entry.runspace.RunspaceStateInfo.State -eq 'Opened') { $entry.runspace.CloseAsync() } else { $entry.runspace.Dispose() }
    } catch { $null = $_ }
}

function Test-HvmSessionUsable($Entry) {
    if ($null -eq $Entry) { return $false }
    return ($Entry.runspace.RunspaceStateInfo.State -eq 'Opened' -and $Entry.runspace.RunspaceAvailability -eq 'Available')
}

# Waits for async handles until all are done or the deadline passes; returns when each finished (ms since start).
function Wait-HvmHandles($Items, [datetime]$Deadline, $Stopwatch) {
    $pending = New-Object System.Collections.ArrayList
    foreach ($item in $Items) { $null = $pending.Add($item) }
    while ($pending.Count -gt 0) {
        foreach ($item in @($pending)) {
            if ($item.handle.IsCompleted) { $item.doneMs = $Stopwatch.ElapsedMilliseconds; $null = $pending.Remove($item) }
        }
        if ($pending.Count -eq 0) { break }
        $remaining = [int][Math]::Floor(($Deadline - [datetime]::UtcNow).TotalMilliseconds)
        if ($remaining -le 0) { break }
        $waitHandles = New-Object System.Collections.Generic.List[System.Threading.WaitHandle]
        foreach ($item in $pending) { if ($waitHandles.Count -lt 64) { $waitHandles.Add($item.handle.AsyncWaitHandle) } }
        $null = [System.Threading.WaitHandle]::WaitAny($waitHandles.ToArray(), [Math]::Min($remaining, 1000))
    }
}

# Opens the sessions the hosts need, all at once (cold start is dominated by remote process start-up).
function Open-HvmSessions($Hosts, [datetime]$Deadline, $Stopwatch, $Failures) {
    $toOpen = @{}
    foreach ($h in $Hosts) {
        if (-not (Test-HvmSessionUsable $script:HvmSessions[$h.sessionKey])) {
            Close-HvmSession $h.sessionKey
            if (-not $toOpen.ContainsKey($h.sessionKey)) { $toOpen[$h.sessionKey] = $h }
        }
    }
    if ($toOpen.Count -eq 0) { return }
    $opener = New-HvmSessionScript
    if ($toOpen.Count -eq 1) {
        # One host: open inline, a runspace pool would only add start-up time.
        foreach ($key in @($toOpen.Keys)) {
            $h = $toOpen[$key]
            try {
                $session = & $script:HvmBootstrap -ParametersJson ([string]$h.session) -ParseOnly
                $script:HvmSessions[$key] = & $opener $h.transport $session $h.credential $h.openTimeoutMs $script:HvmBootstrap.ToString()
            } catch {
                $Failures[$key] = Get-HvmErrorInfo $_ 'connect'
            }
        }
        return
    }
    $pool = Get-HvmPool
    $items = New-Object System.Collections.ArrayList
    foreach ($key in @($toOpen.Keys)) {
        $h = $toOpen[$key]
        $ps = [powershell]::Create()
        $ps.RunspacePool = $pool
        $session = & $script:HvmBootstrap -ParametersJson ([string]$h.session) -ParseOnly
        $null = $ps.AddScript($opener.ToString(), $true).AddArgument($h.transport).AddArgument($session).AddArgument($h.credential).AddArgument($h.openTimeoutMs).AddArgument($script:HvmBootstrap.ToString())
        $null = $items.Add(@{ key = $key; ps = $ps; handle = $ps.BeginInvoke(); doneMs = $null })
    }
    Wait-HvmHandles $items $Deadline $Stopwatch
    foreach ($item in $items) {
        if ($null -eq $item.doneMs) {
            $Failures[$item.key] = @{ stage = 'timeout'; message = 'Opening the session did not finish in time.' }
            $null = $item.ps.BeginStop($null, $null)
            continue
        }
        try {
            $result = $item.ps.EndInvoke($item.handle)
            if ($item.ps.Streams.Error.Count -gt 0) { throw $item.ps.Streams.Error[0] }
            $script:HvmSessions[$item.key] = $result[0]
        } catch {
            $Failures[$item.key] = Get-HvmErrorInfo $_ 'connect'
        } finally {
            $item.ps.Dispose()
        }
    }
}

function Invoke-HvmRequest([string]$Payload) {
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $results = New-Object System.Collections.ArrayList
    try {
        $ProgressPreference = 'SilentlyContinue'
        # Earlier request lines (credentials inside) would otherwise stay in this process's history.
        Clear-History
        $json = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload))
        $request = & $script:HvmBootstrap -ParametersJson $json -ParseOnly -Shallow
        $deadline = [datetime]::UtcNow.AddMilliseconds([double]$request.timeoutMs)
        $scriptText = [string]$request.script.text

        $remaining = New-Object System.Collections.ArrayList
        foreach ($h in $request.hosts) { $null = $remaining.Add($h) }
        # Two rounds at most: a cached session that turns out broken is reopened once and the host retried.
        for ($round = 0; $round -lt 2 -and $remaining.Count -gt 0; $round++) {
            $failures = @{}
            $before = @{}
            foreach ($h in $remaining) { $before[$h.sessionKey] = Test-HvmSessionUsable $script:HvmSessions[$h.sessionKey] }
            Open-HvmSessions $remaining $deadline $stopwatch $failures

            $items = New-Object System.Collections.ArrayList
            foreach ($h in $remaining) {
                if ($failures.ContainsKey($h.sessionKey)) {
                    $null = $results.Add(@{ host = $h.name; index = $h.index; ok = $false; ms = $stopwatch.ElapsedMilliseconds; error = $failures[$h.sessionKey] })
                    continue
                }
                $entry = $script:HvmSessions[$h.sessionKey]
                $ps = [powershell]::Create()
                $ps.Runspace = $entry.runspace
                $null = $ps.AddCommand('Invoke-HvmBootstrap').AddArgument($scriptText).AddArgument([string]$h.parameters)
                try {
                    $handle = $ps.BeginInvoke()
                    $null = $items.Add(@{ host = $h; ps = $ps; handle = $handle; doneMs = $null })
                } catch {
                    $null = $items.Add(@{ host = $h; ps = $ps; handle = $null; doneMs = $stopwatch.ElapsedMilliseconds; startError = $_ })
                }
            }
            $waitable = @($items | Where-Object { $null -ne $_.handle })
            Wait-HvmHandles $waitable $deadline $stopwatch

            $retry = New-Object System.Collections.ArrayList
            foreach ($item in $items) {
                $h = $item.host
                if ($null -eq $item.doneMs) {
                    $null = $item.ps.BeginStop($null, $null)
                    # The host may still be busy with the stopped command; a fresh session next time is safer.
                    Close-HvmSession $h.sessionKey
                    $null = $results.Add(@{ host = $h.name; index = $h.index; ok = $false; ms = $stopwatch.ElapsedMilliseconds; error = @{ stage = 'timeout'; message = 'The request timed out before the host answered.' } })
                    continue
                }
                try {
                    if ($null -ne $item.startError) { throw $item.startError }
                    $output = $item.ps.EndInvoke($item.handle)
                    if ($output.Count -ne 1) { throw 'The host returned no result.' }
                    $null = $results.Add(@{ host = $h.name; index = $h.index; ok = $true; ms = $item.doneMs; json = [string]$output[0] })
                } catch {
                    $info = Get-HvmErrorInfo $_ 'run'
                    $entry = $script:HvmSessions[$h.sessionKey]
                    $broken = -not (Test-HvmSessionUsable $entry) -or $info.exceptionType -like '*TransportException*'
                    if ($broken) { Close-HvmSession $h.sessionKey }
                    if ($broken -and $round -eq 0 -and $before[$h.sessionKey]) {
                        $null = $retry.Add($h)
                    } else {
                        if ($broken) { $info.stage = 'transport' }
                        $null = $results.Add(@{ host = $h.name; index = $h.index; ok = $false; ms = $item.doneMs; error = $info })
                    }
                } finally {
                    $item.ps.Dispose()
                }
            }
            $remaining = $retry
        }
        Write-HvmLine @{ ok = $true; pid = $PID; results = $results.ToArray() }
    } catch {
        if ($env:HVM_DEBUG) { [Console]::Out.WriteLine($_.ScriptStackTrace) }
        Write-HvmLine @{ ok = $false; pid = $PID; error = (Get-HvmErrorInfo $_ 'dispatcher') }
    }
}

function Initialize-HvmDispatcher {
    $ProgressPreference = 'SilentlyContinue'
    Write-HvmLine @{ ok = $true; pid = $PID; psVersion = $PSVersionTable.PSVersion.ToString() }
}
