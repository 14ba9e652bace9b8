# The lab's ActiveDirectory module: Get-ADComputer, Set-ADComputer and Set-ADAccountControl over the lab's computer
# accounts (LabCore's LabDirectory), with the parameter names, types and sets Microsoft documents for them (the
# Identity sets only; the Filter/LDAPFilter/Instance sets are not modelled) and the real error ids. A host listed
# in the directory's UnreachableFrom cannot reach a domain controller, as a session without credentials to pass on
# (the double hop) cannot: every cmdlet fails there with ADServerDownException.
if (-not (Get-Module LabCore)) { Import-Module (Join-Path $PSScriptRoot '../LabCore/LabCore.psd1') -Global }

# The module's own types, compiled once per source version and cached like LabCore's (apart from LabCore's assembly,
# which holds the Hyper-V and FailoverClusters types only).
function Import-StandInTypes([string] $File, [string] $Probe) {
    if ($Probe -as [type]) { return }
    $source = [IO.File]::ReadAllText($File)
    $sha = [Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($source + $PSVersionTable.PSVersion))[0..11] | ForEach-Object { $_.ToString('x2') })
    $cacheRoot = if ($env:HVLAB_TYPES_CACHE) { $env:HVLAB_TYPES_CACHE } else { Join-Path ([IO.Path]::GetTempPath()) 'hvlab-types' }
    $null = New-Item -ItemType Directory -Force -Path $cacheRoot
    $dll = Join-Path $cacheRoot ("$([IO.Path]::GetFileNameWithoutExtension($File)).$hash.dll")
    if (-not (Test-Path -LiteralPath $dll)) {
        $tmp = Join-Path $cacheRoot ("$([IO.Path]::GetFileNameWithoutExtension($File)).$hash.$PID." + [guid]::NewGuid().ToString('N') + '.dll')
        Add-Type -Path $File -OutputAssembly $tmp -OutputType Library -IgnoreWarnings -WarningAction SilentlyContinue -ErrorAction Stop
        try { [IO.File]::Move($tmp, $dll) } catch { Remove-Item -LiteralPath $tmp -ErrorAction SilentlyContinue }
    }
    if (-not ($Probe -as [type])) { Add-Type -LiteralPath $dll }
}
Import-StandInTypes (Join-Path $PSScriptRoot 'ActiveDirectoryTypes.cs') 'Microsoft.ActiveDirectory.Management.ADComputer'

$script:Extended = @('msDS-AllowedToDelegateTo', 'TrustedToAuthForDelegation', 'TrustedForDelegation', 'userAccountControl')

function New-AdError {
    param([Exception] $Exception, [string] $Id, [string] $Class, [Management.Automation.ErrorCategory] $Category, $Target)
    [HvLab.LabErrors]::Make($Exception, "$Id,Microsoft.ActiveDirectory.Management.Commands.$Class", $Category, $Target)
}

function Assert-AdReachable {
    param($Cmdlet, $State, [string] $Class)
    if ([HvLab.LabReadiness]::Reachable($State, $env:HVLAB_HOST)) { return }
    $e = [Microsoft.ActiveDirectory.Management.ADServerDownException]::new('Unable to contact the server. This may be because this server does not exist, it is currently down, or it does not have the Active Directory Web Services running.')
    $Cmdlet.ThrowTerminatingError((New-AdError $e 'ActiveDirectoryServer:0' $Class ResourceUnavailable $null))
}

function Resolve-AdAccount {
    <# The lab account an -Identity names; a name that matches nothing is a terminating error, as in the real module. #>
    param($Cmdlet, $State, $Identity, [string] $Class)
    $name = foreach ($v in @($Identity.Identity, $Identity.SamAccountName, $Identity.DistinguishedName, $Identity.Name)) { if ($v) { "$v"; break } }
    $account = [HvLab.LabReadiness]::FindAccount($State, $name)
    if ($account) { return $account }
    $e = [Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException]::new("Cannot find an object with identity: '$name' under: '$([HvLab.LabReadiness]::DomainDn($State))'.")
    $Cmdlet.ThrowTerminatingError((New-AdError $e 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException' $Class ObjectNotFound $name))
}

function ConvertTo-AdComputer {
    <# The default property set of an ADComputer, plus what -Properties asked for (the lab knows $script:Extended). #>
    param($State, $Account, [string[]] $Properties)
    $c = [Microsoft.ActiveDirectory.Management.ADComputer]::new()
    $c.Name = $Account.Name
    $c.DistinguishedName = "CN=$($Account.Name),$([HvLab.LabReadiness]::ComputersContainer($State))"
    $c.DNSHostName = "$($Account.Name).$($State.Lab.Domain)"
    $c.Enabled = $true
    $c.ObjectClass = 'computer'
    $c.ObjectGUID = [guid]$Account.ObjectGuid
    $c.SamAccountName = "$($Account.Name)$"
    $c.SID = $Account.Sid
    $o = [psobject]::AsPSObject($c)
    $all = @($Properties) -contains '*'
    foreach ($p in $script:Extended) {
        if (-not $all -and -not (@($Properties) | Where-Object { $_ -eq $p })) { continue }
        $value = switch ($p) {
            'msDS-AllowedToDelegateTo' { [string[]]@($Account.AllowedToDelegateTo) }
            'TrustedToAuthForDelegation' { $Account.TrustedToAuthForDelegation }
            'TrustedForDelegation' { $Account.TrustedForDelegation }
            # WORKSTATION_TRUST_ACCOUNT, plus TRUSTED_FOR_DELEGATION / TRUSTED_TO_AUTH_FOR_DELEGATION
            'userAccountControl' { 4096 + $(if ($Account.TrustedForDelegation) { 524288 } else { 0 }) + $(if ($Account.TrustedToAuthForDelegation) { 16777216 } else { 0 }) }
        }
        $o | Add-Member -NotePropertyName $p -NotePropertyValue $value -Force
    }
    $o
}

function Get-ADComputer {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    [OutputType([Microsoft.ActiveDirectory.Management.ADComputer])]
    param(
        [Microsoft.ActiveDirectory.Management.ADAuthType] $AuthType,
        [pscredential] $Credential,
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Microsoft.ActiveDirectory.Management.ADComputer] $Identity,
        [Parameter(ParameterSetName = 'Identity')] [string] $Partition,
        [Alias('Property')] [string[]] $Properties,
        [string] $Server
    )
    process {
        Invoke-LabLatency
        $cmdlet = $PSCmdlet
        $r = Use-LabState -ReadOnly {
            param($State)
            [HvLab.LabReadiness]::Fill($State)
            Assert-AdReachable $cmdlet $State GetADComputer
            $account = Resolve-AdAccount $cmdlet $State $Identity GetADComputer
            ConvertTo-AdComputer $State $account $Properties
        }
        $r
    }
}

function Set-ADComputer {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.ActiveDirectory.Management.ADComputer])]
    param(
        [Parameter(ParameterSetName = 'Identity')] [hashtable] $Add,
        [Microsoft.ActiveDirectory.Management.ADAuthType] $AuthType,
        [Parameter(ParameterSetName = 'Identity')] [string[]] $Clear,
        [pscredential] $Credential,
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Microsoft.ActiveDirectory.Management.ADComputer] $Identity,
        [Parameter(ParameterSetName = 'Identity')] [string] $Partition,
        [switch] $PassThru,
        [Parameter(ParameterSetName = 'Identity')] [hashtable] $Remove,
        [Parameter(ParameterSetName = 'Identity')] [hashtable] $Replace,
        [string] $Server,
        [Parameter(ParameterSetName = 'Identity')] [bool] $TrustedForDelegation
    )
    process {
        Invoke-LabLatency
        $cmdlet = $PSCmdlet
        $bp = $PSBoundParameters
        foreach ($table in @($Add, $Remove, $Replace) + @(if ($Clear) { @{ ($Clear -join ',') = $null } })) {
            if (-not $table) { continue }
            foreach ($k in $table.Keys) {
                foreach ($attr in "$k".Split(',')) {
                    if ($attr -ne 'msDS-AllowedToDelegateTo') {
                        $e = [NotSupportedException]::new("The lab's directory does not hold the attribute '$attr'; it models msDS-AllowedToDelegateTo only.")
                        $cmdlet.ThrowTerminatingError((New-AdError $e 'ActiveDirectoryCmdlet:System.NotSupportedException' SetADComputer InvalidArgument $attr))
                    }
                }
            }
        }
        $r = Use-LabState {
            param($State)
            [HvLab.LabReadiness]::Fill($State)
            Assert-AdReachable $cmdlet $State SetADComputer
            $account = Resolve-AdAccount $cmdlet $State $Identity SetADComputer
            if (-not $cmdlet.ShouldProcess("CN=$($account.Name),$([HvLab.LabReadiness]::ComputersContainer($State))", 'Set')) { return }
            $list = $account.AllowedToDelegateTo
            $values = { param($t) @(foreach ($k in $t.Keys) { if ($k -eq 'msDS-AllowedToDelegateTo') { @($t[$k]) | ForEach-Object { "$_" } } }) }
            # The real module applies Remove, then Add, then Replace, then Clear.
            if ($Remove) { foreach ($v in & $values $Remove) { $null = $list.RemoveAll([Predicate[string]] { param($x) $x -eq $v }) } }
            if ($Add) { foreach ($v in & $values $Add) { if (-not ($list | Where-Object { $_ -eq $v })) { $list.Add($v) } } }
            if ($Replace) { $list.Clear(); foreach ($v in & $values $Replace) { $list.Add($v) } }
            if ($Clear) { $list.Clear() }
            if ($bp.ContainsKey('TrustedForDelegation')) { $account.TrustedForDelegation = $TrustedForDelegation }
            if ($PassThru) { ConvertTo-AdComputer $State $account @() }
        }
        $r
    }
}

function Set-ADAccountControl {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [bool] $AccountNotDelegated,
        [Microsoft.ActiveDirectory.Management.ADAuthType] $AuthType,
        [pscredential] $Credential,
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Microsoft.ActiveDirectory.Management.ADAccount] $Identity,
        [string] $Partition,
        [switch] $PassThru,
        [string] $Server,
        [bool] $TrustedForDelegation,
        [bool] $TrustedToAuthForDelegation
    )
    process {
        Invoke-LabLatency
        $cmdlet = $PSCmdlet
        $bp = $PSBoundParameters
        if ($bp.ContainsKey('AccountNotDelegated')) {
            $e = [NotSupportedException]::new("The lab's directory does not model AccountNotDelegated.")
            $cmdlet.ThrowTerminatingError((New-AdError $e 'ActiveDirectoryCmdlet:System.NotSupportedException' SetADAccountControl InvalidArgument $null))
        }
        $r = Use-LabState {
            param($State)
            [HvLab.LabReadiness]::Fill($State)
            Assert-AdReachable $cmdlet $State SetADAccountControl
            $account = Resolve-AdAccount $cmdlet $State $Identity SetADAccountControl
            if (-not $cmdlet.ShouldProcess("CN=$($account.Name),$([HvLab.LabReadiness]::ComputersContainer($State))", 'Set')) { return }
            if ($bp.ContainsKey('TrustedForDelegation')) { $account.TrustedForDelegation = $TrustedForDelegation }
            if ($bp.ContainsKey('TrustedToAuthForDelegation')) { $account.TrustedToAuthForDelegation = $TrustedToAuthForDelegation }
            if ($PassThru) { ConvertTo-AdComputer $State $account @() }
        }
        $r
    }
}

Export-ModuleMember -Function Get-ADComputer, Set-ADComputer, Set-ADAccountControl
