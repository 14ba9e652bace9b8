# Remote sessions of the engine's dispatcher (second part; see bootstrap.ps1): opening them in parallel, checking and
# closing them, and the credentials that open WinRM sessions. Must parse and run under Windows PowerShell 5.1 too.

# Remote sessions (and local runspaces) by session key, kept open across requests: @{ runspace; session; host }.
$script:HvmSessions = @{}
# Sessions being closed: their close was begun without waiting; they leave when the host has answered (or at exit).
$script:HvmClosing = New-Object System.Collections.ArrayList
$script:HvmPool = $null
# Where the engine hands over credentials (a Unix socket path or a pipe name); set once at load.
$script:HvmSideChannel = $null

function Get-HvmPool {
    if ($null -eq $script:HvmPool) {
        $pool = [runspacefactory]::CreateRunspacePool(1, 64)
        $pool.Open()
        $script:HvmPool = $pool
    }
    return $script:HvmPool
}

# The request's credentials by host index, read from the engine's side channel with the request's one-time ticket.
# Nothing here passes a password to a cmdlet or into code: PowerShell's module logging records cmdlet parameters and
# script block logging records code, so the SecureString is built char by char from the bytes read.
function Read-HvmCredentials([string]$Ticket) {
    if (-not $script:HvmSideChannel) { throw 'The engine set up no channel for credentials.' }
    $encoding = New-Object System.Text.UTF8Encoding($false)
    $pipe = New-Object System.IO.Pipes.NamedPipeClientStream('.', $script:HvmSideChannel, [System.IO.Pipes.PipeDirection]::InOut)
    try {
        $pipe.Connect(10000)
        $writer = New-Object System.IO.StreamWriter($pipe, $encoding)
        $writer.AutoFlush = $true
        $writer.Write($Ticket + "`n")
        $reader = New-Object System.IO.StreamReader($pipe, $encoding)
        $read = $reader.ReadLineAsync()
        if (-not $read.Wait(10000)) { throw 'The engine did not hand over the credentials in time.' }
        $line = $read.Result
    } finally { $pipe.Dispose() }
    $credentials = @{}
    if (-not $line) { return $credentials }
    foreach ($entry in $line.Split(';')) {
        $parts = $entry.Split(',')
        $user = $encoding.GetString([Convert]::FromBase64String($parts[1]))
        $bytes = [Convert]::FromBase64String($parts[2])
        $chars = $encoding.GetChars($bytes)
        $secure = New-Object System.Security.SecureString
        foreach ($c in $chars) { $secure.AppendChar($c) }
        [Array]::Clear($chars, 0, $chars.Length)
        [Array]::Clear($bytes, 0, $bytes.Length)
        $secure.MakeReadOnly()
        $credentials[[string]$parts[0]] = New-Object System.Management.Automation.PSCredential($user, $secure)
    }
    return $credentials
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
        # pwsh on Linux and macOS has no WinRM client of its own (only the PSWSMan module adds one, and none does
        # CredSSP there): say so and what to do, instead of New-PSSession's "no supported WSMan client library".
        if ($Transport -eq 'wsman' -and [System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT) {
            $client = @(Get-ChildItem -Path $PSHOME -Filter 'libpsrpclient*' -ErrorAction SilentlyContinue).Count -gt 0
            if (-not $client -or [string]$splat['Authentication'] -eq 'CredSSP') {
                $text = ('WinRM from Linux or macOS needs a WSMan client for PowerShell 7 (the PSWSMan module: Install-Module PSWSMan, then Install-WSMan) and cannot use CredSSP; ' +
                    'reach {0} over SSH instead (PowerShell 7 with OpenSSH on the host; transport "ssh" in hypervMobility.hosts).') -f $splat['ComputerName']
                $why = New-Object System.PlatformNotSupportedException($text)
                throw (New-Object System.Management.Automation.ErrorRecord($why, 'WinRMUnavailableHere', [System.Management.Automation.ErrorCategory]::NotInstalled, [string]$splat['ComputerName']))
            }
        }
        # A PSCredential built by Read-HvmCredentials (WinRM only; New-PSSession's SSH parameter set takes none).
        if ($null -ne $Credential) { $splat['Credential'] = $Credential }
        # -OpenTimeout exists only where WinRM does (Windows); elsewhere New-PSSession then says WSMan is missing.
        if ($Transport -eq 'wsman' -and $OpenTimeoutMs -and (Get-Command New-PSSessionOption).Parameters.ContainsKey('OpenTimeout')) {
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

# Begins closing a session without waiting for its host (a dead host must not hold up the request); the shell on the
# host ends when it gets the close. Complete-HvmClosing removes it once the close is done.
function Close-HvmSession([string]$Key) {
    $entry = $script:HvmSessions[$Key]
    if ($null -eq $entry) { return }
    $script:HvmSessions.Remove($Key)
    try {
        if ($entry.runspace.RunspaceStateInfo.State -eq 'Opened') { $entry.runspace.CloseAsync() }
    } catch { $null = $_ }
    $null = $script:HvmClosing.Add($entry)
}

# Sessions whose close has finished are removed (Remove-PSSession) and disposed; waits up to $WaitMs for the rest.
function Complete-HvmClosing([int]$WaitMs) {
    $until = [datetime]::UtcNow.AddMilliseconds($WaitMs)
    while ($true) {
        foreach ($entry in @($script:HvmClosing)) {
            $state = [string]$entry.runspace.RunspaceStateInfo.State
            if ($state -ne 'Closed' -and $state -ne 'Broken' -and $state -ne 'BeforeOpen') { continue }
            $null = $script:HvmClosing.Remove($entry)
            try {
                if ($null -ne $entry.session) { Remove-PSSession -Session $entry.session -ErrorAction SilentlyContinue }
                else { $entry.runspace.Dispose() }
            } catch { $null = $_ }
        }
        if ($script:HvmClosing.Count -eq 0 -or [datetime]::UtcNow -ge $until) { return }
        Start-Sleep -Milliseconds 50
    }
}

# A host reached again with another key (another credential or other options) gets a new session: the old one closes.
function Close-HvmReplacedSessions($Hosts) {
    $keys = @{}; $names = @{}
    foreach ($h in $Hosts) { $keys[[string]$h.sessionKey] = $true; $names[([string]$h.name).ToLowerInvariant()] = $true }
    foreach ($key in @($script:HvmSessions.Keys)) {
        $entry = $script:HvmSessions[$key]
        if (-not $keys.ContainsKey($key) -and $names.ContainsKey([string]$entry.host)) { Close-HvmSession $key }
    }
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

# Before a script that must not run twice: cached sessions answer a no-op first, and one that does not is closed (and
# reopened by Open-HvmSessions), so a broken connection is found before the script starts, never after.
function Test-HvmCachedSessions($Hosts, [datetime]$Deadline, $Stopwatch) {
    $items = New-Object System.Collections.ArrayList
    foreach ($h in $Hosts) {
        $entry = $script:HvmSessions[[string]$h.sessionKey]
        if (-not (Test-HvmSessionUsable $entry)) { continue }
        $ps = [powershell]::Create(); $ps.Runspace = $entry.runspace
        $null = $ps.AddScript('$true')
        try { $null = $items.Add(@{ key = [string]$h.sessionKey; ps = $ps; handle = $ps.BeginInvoke(); doneMs = $null }) }
        catch { $ps.Dispose(); Close-HvmSession $h.sessionKey }
    }
    if ($items.Count -eq 0) { return }
    $limit = [datetime]::UtcNow.AddMilliseconds(10000)
    if ($limit -gt $Deadline) { $limit = $Deadline }
    Wait-HvmHandles $items $limit $Stopwatch
    foreach ($item in $items) {
        $alive = $false
        if ($null -ne $item.doneMs) {
            try { $alive = (@($item.ps.EndInvoke($item.handle)).Count -eq 1) } catch { $alive = $false }
        } else { $null = $item.ps.BeginStop($null, $null) }
        $item.ps.Dispose()
        if (-not $alive) { Close-HvmSession $item.key }
    }
}

# Opens the sessions the hosts need, all at once (cold start is dominated by remote process start-up). $Credentials
# is filled from the side channel the first time a host that needs one is opened in this request.
function Open-HvmSessions($Hosts, [datetime]$Deadline, $Stopwatch, $Failures, $Request, $Credentials) {
    $toOpen = @{}
    foreach ($h in $Hosts) {
        if (-not (Test-HvmSessionUsable $script:HvmSessions[$h.sessionKey])) {
            Close-HvmSession $h.sessionKey
            if (-not $toOpen.ContainsKey($h.sessionKey)) { $toOpen[$h.sessionKey] = $h }
        }
    }
    if ($toOpen.Count -eq 0) { return }
    $needed = @($toOpen.Values | Where-Object { $_.credential }).Count -gt 0
    if ($needed -and -not $Credentials.read) {
        $Credentials.read = $true
        try { $Credentials.byIndex = Read-HvmCredentials ([string]$Request.secrets) } catch { $Credentials.error = Get-HvmErrorInfo $_ 'connect' }
    }
    $opener = New-HvmSessionScript
    $items = New-Object System.Collections.ArrayList
    foreach ($key in @($toOpen.Keys)) {
        $h = $toOpen[$key]
        $credential = $null
        if ($h.credential) {
            $credential = $Credentials.byIndex[[string]$h.index]
            if ($null -eq $credential) {
                $Failures[$key] = $Credentials.error
                if ($null -eq $Failures[$key]) { $Failures[$key] = @{ stage = 'connect'; message = 'The credential for this host did not reach PowerShell.' } }
                continue
            }
        }
        $null = $items.Add(@{ key = $key; host = $h; credential = $credential; session = (& $script:HvmBootstrap -ParametersJson ([string]$h.session) -ParseOnly) })
    }
    Set-HvmPhase ('opening sessions to ' + (($items | ForEach-Object { [string]$_.host.name }) -join ', '))
    if ($items.Count -eq 1) {
        # One host: open inline, a runspace pool would only add start-up time.
        $item = $items[0]
        try {
            $entry = & $opener $item.host.transport $item.session $item.credential $item.host.openTimeoutMs $script:HvmBootstrap.ToString()
            $entry.host = ([string]$item.host.name).ToLowerInvariant()
            $script:HvmSessions[$item.key] = $entry
        } catch { $Failures[$item.key] = Get-HvmErrorInfo $_ 'connect' }
        return
    }
    if ($items.Count -eq 0) { return }
    $pool = Get-HvmPool
    foreach ($item in $items) {
        $ps = [powershell]::Create()
        $ps.RunspacePool = $pool
        $null = $ps.AddScript($opener.ToString(), $true).AddArgument($item.host.transport).AddArgument($item.session).AddArgument($item.credential).AddArgument($item.host.openTimeoutMs).AddArgument($script:HvmBootstrap.ToString())
        $item.ps = $ps; $item.handle = $ps.BeginInvoke(); $item.doneMs = $null
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
            $entry = $result[0]
            $entry.host = ([string]$item.host.name).ToLowerInvariant()
            $script:HvmSessions[$item.key] = $entry
        } catch {
            $Failures[$item.key] = Get-HvmErrorInfo $_ 'connect'
        } finally {
            $item.ps.Dispose()
        }
    }
}
