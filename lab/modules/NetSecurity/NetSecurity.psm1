# The lab's NetSecurity module: Get-/Enable-/Disable-NetFirewallRule over this host's rules in the lab state
# (LabHost.Firewall), with the parameter sets Microsoft documents (GetAll, ByName, ByDisplayName and the ByQuery
# filters DisplayGroup, Group, Enabled, Direction, Action; not the Associated* sets, -CimSession, -GPOSession or
# -AsJob), MSFT_NetFirewallRule-shaped objects and the CDXML "not found" error id.
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
Import-StandInTypes (Join-Path $PSScriptRoot 'NetSecurityTypes.cs') 'Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled'

$script:RuleType = 'Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule'

function ConvertTo-FirewallRule($Rule) {
    $o = [pscustomobject][ordered]@{
        Name                  = $Rule.Name
        ID                    = $Rule.Name
        DisplayName           = $Rule.DisplayName
        Group                 = $Rule.DisplayGroup
        DisplayGroup          = $Rule.DisplayGroup
        Description           = $Rule.Description
        Enabled               = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled]$(if ($Rule.Enabled) { 'True' } else { 'False' })
        Profile               = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Profile]$Rule.Profile
        Direction             = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction]$Rule.Direction
        Action                = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Action]$Rule.Action
        PrimaryStatus         = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.PrimaryStatus]::OK
        Status                = 'The rule was parsed successfully from the store. (65536)'
        PolicyStoreSource     = 'PersistentStore'
        PolicyStoreSourceType = 'Local'
    }
    $o.PSObject.TypeNames.Insert(0, $script:RuleType)
    $o
}

function Test-FwMatch([string[]] $Patterns, [string] $Value) {
    if (-not $Patterns) { return $true }
    foreach ($p in $Patterns) { if ([Management.Automation.WildcardPattern]::new($p, 'IgnoreCase').IsMatch($Value)) { return $true } }
    $false
}

function Select-FirewallRule {
    <# This host's rules a call names, and a not-found error for each literal name or display name that matched none. #>
    param($State, [string] $Command, [hashtable] $By)
    $h = [HvLab.LabEngine]::FindHost($State, $env:HVLAB_HOST)
    if (-not $h) { throw "This process is not a lab host (HVLAB_HOST '$env:HVLAB_HOST')." }
    [HvLab.LabReadiness]::Fill($State)
    $rules = @($h.Firewall | Where-Object {
            (Test-FwMatch $By.Name $_.Name) -and (Test-FwMatch $By.DisplayName $_.DisplayName) -and
            (Test-FwMatch $By.DisplayGroup $_.DisplayGroup) -and (Test-FwMatch $By.Group $_.DisplayGroup) -and
            (-not $By.Enabled -or @($By.Enabled | ForEach-Object { "$_" }) -contains $(if ($_.Enabled) { 'True' } else { 'False' })) -and
            (-not $By.Direction -or @($By.Direction | ForEach-Object { "$_" }) -contains $_.Direction) -and
            (-not $By.Action -or @($By.Action | ForEach-Object { "$_" }) -contains $_.Action)
        })
    foreach ($key in 'Name', 'DisplayName') {
        foreach ($n in @($By[$key])) {
            if (-not $n -or [Management.Automation.WildcardPattern]::ContainsWildcardCharacters($n)) { continue }
            if (@($rules | Where-Object { $_.$key -eq $n }).Count -gt 0) { continue }
            $e = [Management.Automation.ItemNotFoundException]::new("No MSFT_NetFirewallRule objects found with property '$key' equal to '$n'.  Verify the value of the property and retry.")
            [HvLab.LabErrors]::Make($e, "CmdletizationQuery_NotFound_$key,$Command", 'ObjectNotFound', $n)
        }
    }
    $rules
}

function Get-Query([hashtable] $Bound) {
    $q = @{}
    foreach ($k in 'Name', 'DisplayName', 'DisplayGroup', 'Group', 'Enabled', 'Direction', 'Action') { if ($Bound.ContainsKey($k)) { $q[$k] = $Bound[$k] } }
    $q
}

function Get-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'GetAll')]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetFirewallRule')]
    param(
        [Parameter(ParameterSetName = 'GetAll')] [switch] $All,
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('ID')] [string[]] $Name,
        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string[]] $DisplayName,
        [Parameter(ParameterSetName = 'ByQuery')] [string[]] $DisplayGroup,
        [Parameter(ParameterSetName = 'ByQuery')] [string[]] $Group,
        [Parameter(ParameterSetName = 'ByQuery')] [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Enabled[]] $Enabled,
        [Parameter(ParameterSetName = 'ByQuery')] [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Direction[]] $Direction,
        [Parameter(ParameterSetName = 'ByQuery')] [Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity.Action[]] $Action,
        [string] $PolicyStore
    )
    process {
        Invoke-LabLatency
        $q = Get-Query $PSBoundParameters
        $r = Use-LabState -ReadOnly { param($State) Select-FirewallRule $State 'Get-NetFirewallRule' $q }
        foreach ($x in $r) { if ($x -is [Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($x) } else { ConvertTo-FirewallRule $x } }
    }
}

function Set-FirewallRuleEnabled {
    param($Cmdlet, [string] $Command, [hashtable] $Bound, [bool] $On, [bool] $PassThru)
    $q = Get-Query $Bound
    $r = Use-LabState {
        param($State)
        foreach ($x in Select-FirewallRule $State $Command $q) {
            if ($x -is [Management.Automation.ErrorRecord]) { $x; continue }
            if (-not $Cmdlet.ShouldProcess($x.DisplayName, $(if ($On) { 'Enable' } else { 'Disable' }))) { continue }
            $x.Enabled = $On
            if ($PassThru) { $x }
        }
    }
    foreach ($x in $r) { if ($x -is [Management.Automation.ErrorRecord]) { $Cmdlet.WriteError($x) } else { ConvertTo-FirewallRule $x } }
}

function Enable-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'GetAll', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'GetAll')] [switch] $All,
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('ID')] [string[]] $Name,
        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string[]] $DisplayName,
        [Parameter(ParameterSetName = 'ByQuery')] [string[]] $DisplayGroup,
        [Parameter(ParameterSetName = 'ByQuery')] [string[]] $Group,
        [string] $PolicyStore,
        [switch] $PassThru
    )
    process { Invoke-LabLatency; Set-FirewallRuleEnabled $PSCmdlet 'Enable-NetFirewallRule' $PSBoundParameters $true $PassThru }
}

function Disable-NetFirewallRule {
    [CmdletBinding(DefaultParameterSetName = 'GetAll', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'GetAll')] [switch] $All,
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('ID')] [string[]] $Name,
        [Parameter(ParameterSetName = 'ByDisplayName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string[]] $DisplayName,
        [Parameter(ParameterSetName = 'ByQuery')] [string[]] $DisplayGroup,
        [Parameter(ParameterSetName = 'ByQuery')] [string[]] $Group,
        [string] $PolicyStore,
        [switch] $PassThru
    )
    process { Invoke-LabLatency; Set-FirewallRuleEnabled $PSCmdlet 'Disable-NetFirewallRule' $PSBoundParameters $false $PassThru }
}

Export-ModuleMember -Function Get-NetFirewallRule, Enable-NetFirewallRule, Disable-NetFirewallRule
