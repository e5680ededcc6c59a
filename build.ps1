#!/usr/bin/env pwsh
# Wheelhouse bootstrap for PowerShell 7 (Windows, Linux, macOS): compiles the build project
# (build/_build.csproj) when its inputs change, then runs it with every argument passed through.
# It does what build.sh does; see the comment at the top of build.sh for the full story.
#
# Warm path: fingerprint the inputs in-process, compare with the stamp .nuke/temp/build.ps1.stamp,
# and start  <dotnet> build/bin/publish/_build.dll <args>  directly -- no MSBuild, no SDK resolution.
# Cold path: choose a dotnet (dotnet.exe on Windows) whose SDKs satisfy global.json -- the one on
# PATH, else .nuke/temp/dotnet, else install one there with the official dotnet-install script --
# `dotnet publish` the build project ReadyToRun into build/bin/publish (output shown only on
# failure; if only ReadyToRun is impossible -- no crossgen for the platform, or a NuGet source
# without the crossgen/runtime packs -- publish again without it and warn), write the stamp, run.
#
# The fingerprint is one "path|LastWriteTimeUtc ticks|length" line per input file: *.cs,
# *.csproj, *.props and *.targets under build/ and src/Wheelhouse.*/ (bin/ and obj/ excluded),
# plus the root files Directory.Build.props/.targets, Directory.Packages.props, global.json and
# NuGet.config. The stamp is separate from build.sh's; both scripts share the compiled output.
#
# The build runs in the caller's current directory. There is deliberately no param() block, so
# that every argument reaches the build as given (PowerShell itself still splits "-Name:value"
# into "-Name" "value" when the script is started with -File).
#
# Environment:
#   WHEELHOUSE_FORCE_COMPILE=1       compile even if the stamp says the inputs are unchanged
#   WHEELHOUSE_DOTNET_INSTALL_URL    where to download the install script from (default
#                                    https://dot.net/v1/dotnet-install.ps1 on Windows,
#                                    https://dot.net/v1/dotnet-install.sh elsewhere)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$BuildArguments = @($args)
$Root = $PSScriptRoot
$OnWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
$DotnetName = if ($OnWindows) { 'dotnet.exe' } else { 'dotnet' }
$TempDir = Join-Path $Root '.nuke/temp'
$StampFile = Join-Path $TempDir 'build.ps1.stamp'
$LocalDotnetDir = Join-Path $TempDir 'dotnet'
$LocalDotnet = Join-Path $LocalDotnetDir $DotnetName
$StampFormat = 'wheelhouse-build-stamp ps1 1'

function Get-Fingerprint {
    $lines = [System.Collections.Generic.List[string]]::new()
    $extensions = @('.cs', '.csproj', '.props', '.targets')
    $rootFiles = @('Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props',
        'global.json', 'NuGet.config')
    $prefix = $Root.Length + 1

    $add = {
        param([System.IO.FileInfo] $file)
        $relative = $file.FullName.Substring($prefix).Replace('\', '/')
        $lines.Add("$relative|$($file.LastWriteTimeUtc.Ticks)|$($file.Length)")
    }

    $pending = [System.Collections.Generic.Stack[System.IO.DirectoryInfo]]::new()
    $buildDir = [System.IO.DirectoryInfo]::new((Join-Path $Root 'build'))
    if ($buildDir.Exists) { $pending.Push($buildDir) }
    $srcDir = [System.IO.DirectoryInfo]::new((Join-Path $Root 'src'))
    if ($srcDir.Exists) {
        foreach ($dir in $srcDir.EnumerateDirectories('Wheelhouse.*')) { $pending.Push($dir) }
    }
    while ($pending.Count -gt 0) {
        $dir = $pending.Pop()
        foreach ($file in $dir.EnumerateFiles()) {
            if ($extensions -contains $file.Extension) { & $add $file }
        }
        foreach ($sub in $dir.EnumerateDirectories()) {
            if ($sub.Name -ne 'bin' -and $sub.Name -ne 'obj') { $pending.Push($sub) }
        }
    }
    foreach ($file in ([System.IO.DirectoryInfo]::new($Root)).EnumerateFiles()) {
        # -contains is case-insensitive, so nuget.config and NuGet.Config count too
        if ($rootFiles -contains $file.Name) { & $add $file }
    }
    $lines.Sort([System.StringComparer]::Ordinal)
    return $StampFormat + "`n" + ($lines -join "`n")
}

function Invoke-CompiledBuild([string] $Dotnet, [string] $Dll) {
    if ($Dotnet.StartsWith($LocalDotnetDir, [System.StringComparison]::Ordinal)) {
        # a private SDK: let the build's own dotnet calls find the same installation
        $env:DOTNET_ROOT = $LocalDotnetDir
        $env:PATH = $LocalDotnetDir + [System.IO.Path]::PathSeparator + $env:PATH
    }
    & $Dotnet (Join-Path $Root $Dll) @BuildArguments
    exit $LASTEXITCODE
}

function Test-Stamp([string] $Fingerprint) {
    if (-not (Test-Path -LiteralPath $StampFile -PathType Leaf)) { return $null }
    $parts = ([System.IO.File]::ReadAllText($StampFile)) -split "`n", 3
    if ($parts.Count -lt 3 -or $parts[2] -cne $Fingerprint) { return $null }
    if (-not (Test-Path -LiteralPath $parts[0] -PathType Leaf)) { return $null }
    if (-not (Test-Path -LiteralPath (Join-Path $Root $parts[1]) -PathType Leaf)) { return $null }
    return , @($parts[0], $parts[1])
}

$fingerprint = Get-Fingerprint
$force = $env:WHEELHOUSE_FORCE_COMPILE -eq '1'

# --- warm path ---------------------------------------------------------------------------------
if (-not $force) {
    $current = Test-Stamp $fingerprint
    if ($null -ne $current) { Invoke-CompiledBuild $current[0] $current[1] }
}

# ===============================================================================================
# Cold path
# ===============================================================================================
function Write-Note([string] $Message) { [Console]::Error.WriteLine("build.ps1: $Message") }

$null = New-Item -ItemType Directory -Force -Path $TempDir

# --- global.json --------------------------------------------------------------------------------
$WantVersion = ''
$RollForward = ''
$AllowPrerelease = $true
$globalJson = Join-Path $Root 'global.json'
if (Test-Path -LiteralPath $globalJson -PathType Leaf) {
    try {
        $json = Get-Content -LiteralPath $globalJson -Raw | ConvertFrom-Json
    }
    catch {
        Write-Note "error: global.json is not valid JSON: $($_.Exception.Message)"
        exit 1
    }
    $sdk = if ($json.PSObject.Properties['sdk']) { $json.sdk } else { $null }
    if ($null -ne $sdk) {
        if ($sdk.PSObject.Properties['version']) { $WantVersion = [string] $sdk.version }
        if ($sdk.PSObject.Properties['rollForward']) { $RollForward = [string] $sdk.rollForward }
        if ($sdk.PSObject.Properties['allowPrerelease']) { $AllowPrerelease = [bool] $sdk.allowPrerelease }
    }
}
if (-not $RollForward) { $RollForward = if ($WantVersion) { 'latestPatch' } else { 'latestMajor' } }
$knownPolicies = @('patch', 'feature', 'minor', 'major', 'latestPatch', 'latestFeature', 'latestMinor',
    'latestMajor', 'disable')
if ($knownPolicies -notcontains $RollForward) {
    Write-Note "warning: unknown rollForward '$RollForward' in global.json, treating it as latestPatch"
    $RollForward = 'latestPatch'
}
$RollForward = ($knownPolicies | Where-Object { $_ -eq $RollForward } | Select-Object -First 1)

$VersionPattern = '^(\d+)\.(\d+)\.(\d+)(?:-(.*))?$'
function ConvertTo-SdkVersion([string] $Text) {
    $m = [regex]::Match($Text, $VersionPattern)
    if (-not $m.Success) { return $null }
    return [pscustomobject]@{
        Text  = $Text
        Major = [int] $m.Groups[1].Value
        Minor = [int] $m.Groups[2].Value
        Patch = [int] $m.Groups[3].Value
        Pre   = $m.Groups[4].Value
    }
}
$Want = $null
if ($WantVersion) {
    $Want = ConvertTo-SdkVersion $WantVersion
    if ($null -eq $Want) {
        Write-Note "error: global.json: sdk.version '$WantVersion' is not a version like 10.0.100"
        exit 1
    }
}

function Compare-SdkVersion($A, $B) {
    foreach ($part in 'Major', 'Minor', 'Patch') {
        if ($A.$part -lt $B.$part) { return -1 }
        if ($A.$part -gt $B.$part) { return 1 }
    }
    if ($A.Pre -ceq $B.Pre) { return 0 }
    if (-not $A.Pre) { return 1 }   # a release sorts after its prereleases
    if (-not $B.Pre) { return -1 }
    return [Math]::Sign([string]::CompareOrdinal($A.Pre, $B.Pre))
}

function Test-SdkSatisfies([string] $Text) {
    $v = ConvertTo-SdkVersion $Text
    if ($null -eq $v) { return $false }
    if ($v.Pre -and -not $AllowPrerelease -and $Text -ne $WantVersion) { return $false }
    if ($null -eq $Want) { return $true }
    $cmp = Compare-SdkVersion $v $Want
    switch ($RollForward) {
        'disable' { return $Text -ceq $WantVersion }
        { $_ -in 'patch', 'latestPatch' } {
            return $v.Major -eq $Want.Major -and $v.Minor -eq $Want.Minor -and
            [Math]::Floor($v.Patch / 100) -eq [Math]::Floor($Want.Patch / 100) -and $cmp -ge 0
        }
        { $_ -in 'feature', 'latestFeature' } {
            return $v.Major -eq $Want.Major -and $v.Minor -eq $Want.Minor -and $cmp -ge 0
        }
        { $_ -in 'minor', 'latestMinor' } { return $v.Major -eq $Want.Major -and $cmp -ge 0 }
        default { return $cmp -ge 0 }
    }
}

function Get-NeedDescription {
    if ($null -eq $Want) { return 'any .NET SDK (global.json pins no version)' }
    $mm = "$($Want.Major).$($Want.Minor)"
    $band = "$mm.$([Math]::Floor($Want.Patch / 100))xx"
    switch ($RollForward) {
        'disable' { return ".NET SDK $WantVersion exactly" }
        { $_ -in 'patch', 'latestPatch' } { return ".NET SDK $WantVersion or a later patch of the $band feature band" }
        { $_ -in 'feature', 'latestFeature' } { return ".NET SDK $WantVersion or newer within $mm ($band or a later feature band)" }
        { $_ -in 'minor', 'latestMinor' } { return ".NET SDK $WantVersion or newer within $($Want.Major).x" }
        default { return ".NET SDK $WantVersion or newer" }
    }
}

# For the SDK commands of the cold path only; the build itself gets the caller's environment.
$QuietDotnetVariables = @('DOTNET_CLI_TELEMETRY_OPTOUT', 'DOTNET_NOLOGO', 'DOTNET_SKIP_FIRST_TIME_EXPERIENCE')
$SavedDotnetVariables = @{}
foreach ($name in $QuietDotnetVariables) {
    $SavedDotnetVariables[$name] = [System.Environment]::GetEnvironmentVariable($name)
    [System.Environment]::SetEnvironmentVariable($name, '1')
}
function Restore-DotnetVariables {
    foreach ($name in $QuietDotnetVariables) {
        [System.Environment]::SetEnvironmentVariable($name, $SavedDotnetVariables[$name])
    }
}

$script:SeenSdks = [System.Collections.Generic.List[string]]::new()
function Test-Dotnet([string] $Exe) {
    if (-not $Exe -or -not (Test-Path -LiteralPath $Exe -PathType Leaf)) { return $false }
    $found = @()
    try {
        $found = @(& $Exe --list-sdks 2>$null | ForEach-Object { ($_ -split ' ', 2)[0] } | Where-Object { $_ })
    }
    catch { $found = @() }
    foreach ($v in $found) {
        if (Test-SdkSatisfies $v) { return $true }
    }
    $list = if ($found.Count) { $found -join ' ' } else { 'no SDKs' }
    $script:SeenSdks.Add("  ${Exe}: $list")
    return $false
}

function Exit-NoSdk([string] $Reason) {
    $need = Get-NeedDescription
    $msg = [System.Text.StringBuilder]::new()
    $null = $msg.AppendLine('build.ps1: error: no .NET SDK satisfying global.json was found.')
    $wantText = if ($WantVersion) { $WantVersion } else { 'none' }
    $null = $msg.AppendLine("  global.json asks for: $need (version '$wantText', rollForward '$RollForward')")
    if ($script:SeenSdks.Count) {
        $null = $msg.AppendLine('  SDKs found:')
        foreach ($line in $script:SeenSdks) { $null = $msg.AppendLine($line) }
    }
    else {
        $null = $msg.AppendLine('  no dotnet on PATH and none in .nuke/temp/dotnet')
    }
    $null = $msg.AppendLine("  automatic install into .nuke/temp/dotnet failed: $Reason")
    $null = $msg.AppendLine("Install $need from https://dotnet.microsoft.com/download (or put such a dotnet on PATH),")
    $null = $msg.AppendLine('then run build.ps1 again.')
    [Console]::Error.Write($msg.ToString())
    exit 1
}

function Install-Sdk {
    $defaultUrl = if ($OnWindows) { 'https://dot.net/v1/dotnet-install.ps1' } else { 'https://dot.net/v1/dotnet-install.sh' }
    $url = if ($env:WHEELHOUSE_DOTNET_INSTALL_URL) { $env:WHEELHOUSE_DOTNET_INSTALL_URL } else { $defaultUrl }
    $script = Join-Path $TempDir $(if ($OnWindows) { 'dotnet-install.ps1' } else { 'dotnet-install.sh' })
    try {
        $ProgressPreference = 'SilentlyContinue'
        Invoke-WebRequest -Uri $url -OutFile $script -UseBasicParsing -TimeoutSec 60
    }
    catch {
        Exit-NoSdk "could not download $url (offline?): $($_.Exception.Message)"
    }

    # a channel that satisfies the policy first, then the exact version
    $specs = @()
    if ($null -eq $Want) { $specs += , @('Channel', 'LTS') }
    else {
        $mm = "$($Want.Major).$($Want.Minor)"
        if ($RollForward -in 'patch', 'latestPatch') { $specs += , @('Channel', "$mm.$([Math]::Floor($Want.Patch / 100))xx") }
        elseif ($RollForward -ne 'disable') { $specs += , @('Channel', $mm) }
        $specs += , @('Version', $WantVersion)
    }
    foreach ($spec in $specs) {
        Write-Note "installing .NET SDK ($($spec[0]) $($spec[1])) into .nuke/temp/dotnet"
        if ($OnWindows) {
            $installArgs = @{ InstallDir = $LocalDotnetDir; NoPath = $true }
            $installArgs[$spec[0]] = $spec[1]
            try { & $script @installArgs | ForEach-Object { [Console]::Error.WriteLine($_) } } catch { Write-Note $_.Exception.Message }
        }
        else {
            & bash $script "--$($spec[0].ToLowerInvariant())" $spec[1] --install-dir $LocalDotnetDir --no-path 2>&1 |
                ForEach-Object { [Console]::Error.WriteLine($_) }
        }
        if (Test-Dotnet $LocalDotnet) { return }
    }
    Exit-NoSdk "the install script could not install $(Get-NeedDescription)"
}

$Dotnet = $null
$onPath = Get-Command $DotnetName -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if ($null -ne $onPath -and (Test-Dotnet $onPath.Source)) { $Dotnet = $onPath.Source }
elseif (Test-Dotnet $LocalDotnet) { $Dotnet = $LocalDotnet }
else {
    Install-Sdk
    $Dotnet = $LocalDotnet
}

# --- compile -------------------------------------------------------------------------------------
# From the repo root, so that the SDK honours this repo's global.json. The configuration is Debug
# (the project turns PublishRelease off) unless the environment sets Configuration, which MSBuild
# reads as a property.
$dllRelative = 'build/bin/publish/_build.dll'
$r2rLog = Join-Path $TempDir 'build-r2r.log'
function Invoke-Publish([string[]] $Extra) {
    $script:PublishOutput = @(& $Dotnet publish build/_build.csproj -o build/bin/publish -nologo -v q -clp:NoSummary @Extra 2>&1 |
            ForEach-Object { [string] $_ })
    return $LASTEXITCODE
}
# Failures that mean "ReadyToRun cannot be done here" rather than "the build is broken": the SDK
# has no crossgen for this platform, or the crossgen/runtime packs cannot be restored.
$R2RUnavailablePattern = 'error NETSDK109[45]|error NU110[12]: .*Microsoft\.[A-Za-z]+\.App\.(Crossgen2|Runtime)\.'

Write-Note 'compiling build/_build.csproj'
Push-Location -LiteralPath $Root
try {
    $code = Invoke-Publish @()
    if ($code -ne 0 -and ($script:PublishOutput -match $R2RUnavailablePattern)) {
        [System.IO.File]::WriteAllLines($r2rLog, [string[]] $script:PublishOutput)
        Write-Note ("warning: ReadyToRun is not possible here (crossgen or runtime pack missing, see .nuke/temp/build-r2r.log); " +
            'compiling the build without it, so it starts slower. To get it back, make Microsoft.NETCore.App.Crossgen2 ' +
            'and the runtime packs restorable (e.g. go online) and run with WHEELHOUSE_FORCE_COMPILE=1.')
        $code = Invoke-Publish @('-p:PublishReadyToRun=false')
    }
}
finally {
    Pop-Location
    Restore-DotnetVariables
}
if ($code -ne 0) {
    foreach ($line in $script:PublishOutput) { [Console]::Error.WriteLine($line) }
    Write-Note "error: compiling build/_build.csproj failed (exit code $code)"
    exit $code
}
if (-not (Test-Path -LiteralPath (Join-Path $Root $dllRelative) -PathType Leaf)) {
    Write-Note "error: the publish succeeded but no $dllRelative was produced"
    exit 1
}

$tmp = "$StampFile.$PID.tmp"
[System.IO.File]::WriteAllText($tmp, "$Dotnet`n$dllRelative`n$fingerprint")
Move-Item -LiteralPath $tmp -Destination $StampFile -Force

Invoke-CompiledBuild $Dotnet $dllRelative
