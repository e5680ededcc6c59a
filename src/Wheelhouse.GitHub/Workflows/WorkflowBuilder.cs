using System.Reflection;
using System.Text.RegularExpressions;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Parameters;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// Makes the workflows of a build class from its <see cref="GitHubActionsAttribute"/>s and
/// <see cref="GitHubActionsJobAttribute"/>s, and refuses what would make them unsafe or broken: a <c>${{ }}</c> in a
/// script, a job that needs a job that is not there, an artifact nobody before it produced, an attestation without
/// the permissions it needs, a signing step with nothing downloaded to sign. Output depends only on the attributes: workflows by name, jobs in the order of their
/// <c>needs</c> (ties by id), so the same attributes always give the same files.
/// </summary>
public static partial class WorkflowBuilder
{
    private const string BuildScript = "./build.sh";
    private const string BuildScriptWindows = "./build.ps1";
    private const string PythonStepId = "python";

    public static IReadOnlyList<Workflow> FromBuild(Type buildType) => FromAttributes(
        buildType.GetCustomAttributes<GitHubActionsAttribute>(inherit: true),
        buildType.GetCustomAttributes<GitHubActionsJobAttribute>(inherit: true));

    public static IReadOnlyList<Workflow> FromAttributes(IEnumerable<GitHubActionsAttribute> workflows, IEnumerable<GitHubActionsJobAttribute> jobs)
    {
        var workflowList = workflows.ToList();
        var jobList = jobs.ToList();
        foreach (var duplicate in workflowList.GroupBy(w => w.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            throw new BuildException($"Two [GitHubActions] attributes are named '{duplicate.Key}'; each workflow file needs its own name.");
        foreach (var orphan in jobList.Where(j => !workflowList.Any(w => w.Name == j.Workflow)))
            throw new BuildException($"[GitHubActionsJob(\"{orphan.Workflow}\", \"{orphan.JobId}\")] names a workflow that has no [GitHubActions(\"{orphan.Workflow}\", ...)] attribute.");

        return workflowList
            .OrderBy(w => w.Name, StringComparer.Ordinal)
            .Select(w => Build(w, jobList.Where(j => j.Workflow == w.Name).ToList()))
            .ToList();
    }

    private static Workflow Build(GitHubActionsAttribute attribute, IReadOnlyList<GitHubActionsJobAttribute> jobAttributes)
    {
        var where = $"[GitHubActions(\"{attribute.Name}\")]";
        if (!FileNamePattern().IsMatch(attribute.Name))
            throw new BuildException($"{where}: a workflow name becomes its file name; use letters, digits, '-', '_' and '.'.");
        if (attribute.Images.Count == 0)
            throw new BuildException($"{where} names no runner image; give one, e.g. GitHubActionsImage.UbuntuLatest.");

        List<JobSpec> specs;
        if (jobAttributes.Count == 0)
        {
            if (attribute.InvokedTargets.Length == 0)
                throw new BuildException($"{where} has no jobs: give it InvokedTargets (one job per image), or add [GitHubActionsJob(\"{attribute.Name}\", ...)] attributes.");
            specs = attribute.Images.Distinct().Select(image => JobSpec.FromWorkflow(attribute, image)).ToList();
        }
        else
        {
            if (attribute.InvokedTargets.Length > 0 || attribute.ImportSecrets.Length > 0 || attribute.ReadPermissions.Length > 0 || attribute.WritePermissions.Length > 0 || attribute.PythonVersion != null || attribute.SetupCommands.Length > 0)
                throw new BuildException($"{where} has [GitHubActionsJob] jobs, so its own InvokedTargets, ImportSecrets, permissions, PythonVersion and SetupCommands would apply to no job; set them on the jobs.");
            if (attribute.Images.Count > 1)
                throw new BuildException($"{where} has [GitHubActionsJob] jobs, which run on the workflow's one image unless they set Image or MatrixOs; name one image.");
            specs = jobAttributes.Select(j => JobSpec.FromJob(j, attribute)).ToList();
        }

        foreach (var duplicate in specs.GroupBy(s => s.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new BuildException($"{where} has two jobs with the id '{duplicate.Key}'.");

        var ordered = NeedsOrder(specs, where);
        var sharing = CompiledBuildSharing.Of(ordered);
        var jobs = ordered.Select(spec => BuildJob(spec, ordered, sharing, where)).ToList();
        return new Workflow(attribute.Name, Triggers(attribute, where), jobs)
        {
            Concurrency = attribute.ConcurrencyGroup is { Length: > 0 } group ? new Concurrency(group, attribute.ConcurrencyCancelInProgress) : null,
        };
    }

    private static IReadOnlyList<WorkflowTrigger> Triggers(GitHubActionsAttribute a, string where)
    {
        var triggers = new List<WorkflowTrigger>();
        var push = new PushTrigger
        {
            Branches = a.OnPushBranches, BranchesIgnore = a.OnPushBranchesIgnore, Tags = a.OnPushTags, TagsIgnore = a.OnPushTagsIgnore,
            Paths = a.OnPushIncludePaths, PathsIgnore = a.OnPushExcludePaths,
        };
        if ((push.Branches.Count > 0 || push.Tags.Count > 0) && (push.BranchesIgnore.Count > 0 || push.TagsIgnore.Count > 0))
            throw new BuildException($"{where}: GitHub does not take OnPushBranches/OnPushTags together with OnPushBranchesIgnore/OnPushTagsIgnore; use one kind.");
        if (push.Paths.Count > 0 && push.PathsIgnore.Count > 0)
            throw new BuildException($"{where}: GitHub does not take OnPushIncludePaths together with OnPushExcludePaths; use one.");
        var pushFiltered = push.Branches.Count + push.BranchesIgnore.Count + push.Tags.Count + push.TagsIgnore.Count + push.Paths.Count + push.PathsIgnore.Count > 0;
        var pullRequest = new PullRequestTrigger { Branches = a.OnPullRequestBranches, Paths = a.OnPullRequestIncludePaths, PathsIgnore = a.OnPullRequestExcludePaths };
        if (pullRequest.Paths.Count > 0 && pullRequest.PathsIgnore.Count > 0)
            throw new BuildException($"{where}: GitHub does not take OnPullRequestIncludePaths together with OnPullRequestExcludePaths; use one.");
        var pullRequestFiltered = pullRequest.Branches.Count + pullRequest.Paths.Count + pullRequest.PathsIgnore.Count > 0;
        var inputs = a.OnWorkflowDispatchRequiredInputs.Select(i => new DispatchInput(i, true))
            .Concat(a.OnWorkflowDispatchOptionalInputs.Select(i => new DispatchInput(i, false))).ToList();
        foreach (var input in inputs.Where(i => !EnvironmentNamePattern().IsMatch(i.Name)))
            throw new BuildException($"{where}: the workflow_dispatch input '{input.Name}' becomes an environment variable of that name; use letters, digits and '_'.");

        foreach (var trigger in a.On.Distinct().Order())
        {
            if ((trigger == GitHubActionsTrigger.Push && pushFiltered) || (trigger == GitHubActionsTrigger.PullRequest && pullRequestFiltered)
                || (trigger == GitHubActionsTrigger.WorkflowDispatch && (inputs.Count > 0 || a.OnWorkflowDispatch)))
                throw new BuildException($"{where}: On = [{trigger}] and the On{trigger}... settings both describe the {trigger.EventName()} event; keep the settings only.");
        }

        if (pushFiltered)
            triggers.Add(push);
        if (pullRequestFiltered)
            triggers.Add(pullRequest);
        if (a.OnWorkflowDispatch || inputs.Count > 0)
            triggers.Add(new WorkflowDispatchTrigger(inputs));
        if (a.OnCronSchedule is { Length: > 0 } cron)
            triggers.Add(new ScheduleTrigger(cron));
        triggers.AddRange(a.On.Distinct().Select(t => new EventTrigger(t.EventName())));
        if (triggers.Count == 0)
            throw new BuildException($"{where} starts on nothing; give it On = [...] or OnPush.../OnPullRequest... settings.");
        return triggers.OrderBy(t => t.EventName, StringComparer.Ordinal).ToList();
    }

    /// <summary>Jobs after the jobs they need; among jobs free to go, by id.</summary>
    private static List<JobSpec> NeedsOrder(List<JobSpec> specs, string where)
    {
        foreach (var spec in specs)
        foreach (var need in spec.Needs.Where(n => specs.All(s => s.Id != n)))
            throw new BuildException($"{where}: job '{spec.Id}' needs job '{need}', which the workflow does not have.");

        var ordered = new List<JobSpec>();
        var left = specs.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(s => s.Needs.All(n => ordered.Any(o => o.Id == n)))
                ?? throw new BuildException($"{where}: the needs of jobs {string.Join(", ", left.Select(s => s.Id))} form a cycle.");
            ordered.Add(next);
            left.Remove(next);
        }

        return ordered;
    }

    private static IEnumerable<JobSpec> Ancestors(JobSpec spec, IReadOnlyList<JobSpec> all)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>(spec.Needs);
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id))
                continue;
            var job = all.Single(s => s.Id == id);
            yield return job;
            foreach (var need in job.Needs)
                queue.Enqueue(need);
        }
    }

    private static Job BuildJob(JobSpec spec, IReadOnlyList<JobSpec> all, CompiledBuildSharing sharing, string workflowWhere)
    {
        var where = $"{workflowWhere} job '{spec.Id}'";
        if (!JobIdPattern().IsMatch(spec.Id))
            throw new BuildException($"{where}: a job id starts with a letter or '_' and has only letters, digits, '-' and '_'.");
        foreach (var target in spec.InvokedTargets.Where(t => !TargetNamePattern().IsMatch(t)))
            throw new BuildException($"{where}: '{target}' is not a target name.");
        foreach (var text in spec.SetupCommands.Append(spec.Arguments ?? "").Where(t => t.Contains("${{", StringComparison.Ordinal)))
            throw new BuildException($"{where}: '{text}' would put a ${{{{ }}}} expression inside a run: script, where its value becomes code; pass values through environment variables instead.");
        foreach (var secret in spec.ImportSecrets.Where(s => !EnvironmentNamePattern().IsMatch(s)))
            throw new BuildException($"{where}: '{secret}' is not a secret name (letters, digits and '_').");
        if (spec.EnvironmentUrl != null && spec.EnvironmentName == null)
            throw new BuildException($"{where}: EnvironmentUrl needs EnvironmentName.");
        if (spec.MatrixPython.Count > 0 && spec.PythonVersion != null)
            throw new BuildException($"{where}: set PythonVersion or MatrixPython, not both.");
        if (spec.PythonParameter != null && spec.MatrixPython.Count == 0 && spec.PythonVersion == null)
            throw new BuildException($"{where}: PythonParameter needs a Python set up by PythonVersion or MatrixPython.");
        if (spec.MatrixOs.Count > 0 && spec.Image != null)
            throw new BuildException($"{where}: set Image or MatrixOs, not both.");
        if (spec.SkipDependencies && spec.InvokedTargets.Count == 0)
            throw new BuildException($"{where}: SkipDependencies without InvokedTargets has nothing to skip.");

        var permissions = PermissionSet.From(spec.ReadPermissions, spec.WritePermissions, where);
        var produced = spec.ProducesArtifact is { } p ? Artifact.Parse(p, where) : null;
        var consumed = spec.ConsumesArtifact is { } c ? Artifact.Parse(c, where) : null;
        if (consumed != null && !Ancestors(spec, all).Any(a => a.ProducesArtifact is { } ap && Artifact.Parse(ap, where).Name == consumed.Name))
            throw new BuildException($"{where} consumes the artifact '{consumed.Name}', but no job it needs (directly or through others) produces it.");
        if (spec.AttestBuildProvenance)
        {
            if (produced == null && consumed == null)
                throw new BuildException($"{where}: AttestBuildProvenance attests the files of the job's artifact; give the job ProducesArtifact or ConsumesArtifact.");
            if (permissions[GitHubActionsPermissions.IdToken] != GitHubActionsAccess.Write || permissions[GitHubActionsPermissions.Attestations] != GitHubActionsAccess.Write)
                throw new BuildException($"{where}: actions/attest-build-provenance needs id-token: write and attestations: write on its job; add both to WritePermissions.");
        }

        if (spec.SignAttestations)
        {
            if (consumed == null)
                throw new BuildException($"{where}: SignAttestations signs the distributions the job downloads; give the job ConsumesArtifact (the dist/ a build job produced).");
            if (permissions[GitHubActionsPermissions.IdToken] != GitHubActionsAccess.Write)
                throw new BuildException($"{where}: signing attestations needs the job's OIDC token for Sigstore; add IdToken to WritePermissions.");
        }

        var images = spec.MatrixOs.Count > 0 ? spec.MatrixOs : [spec.Image ?? spec.DefaultImage];
        var matrix = spec.MatrixOs.Count > 0 || spec.MatrixPython.Count > 0
            ? new JobMatrix(spec.MatrixOs.Select(i => i.Label()).ToList(), spec.MatrixPython)
            : null;
        var runsOn = spec.MatrixOs.Count > 0 ? "${{ matrix.os }}" : images[0].Label();
        var pythonVersion = spec.MatrixPython.Count > 0 ? "${{ matrix.python }}" : spec.PythonVersion;

        var steps = new List<Step>();
        var usesRepository = spec.InvokedTargets.Count > 0 || spec.SetupCommands.Count > 0;
        if (usesRepository)
        {
            // The token stays out of .git/config, where any later step could read it.
            var checkout = new List<KeyValuePair<string, object>> { new("persist-credentials", false) };
            if (spec.FetchDepth is { } depth)
                checkout.Add(new("fetch-depth", depth));
            steps.Add(new ActionStep(PinnedActions.Checkout) { Name = "Check out", With = checkout });
        }

        if (spec.InvokedTargets.Count > 0)
            steps.Add(new ActionStep(PinnedActions.SetupDotnet) { Name = "Set up .NET", With = [new("global-json-file", "global.json")] });
        var takesCompiledBuild = sharing.Consumers.Contains(spec.Id);
        var sharedImage = sharing.Image.Label();
        if (takesCompiledBuild)
            steps.Add(new ActionStep(PinnedActions.DownloadArtifact)
            {
                Name = "Download the compiled build",
                If = spec.MatrixOs.Count > 0 ? $"matrix.os == '{sharedImage}'" : null,
                With = [new("name", CompiledBuild.ArtifactName), new("path", CompiledBuild.PrebuiltPath)],
            });
        var compilesEverywhere = spec.InvokedTargets.Count > 0 && !takesCompiledBuild;
        var compilesOnOtherImages = takesCompiledBuild && spec.MatrixOs.Any(i => i != sharing.Image);
        // No cache in a release workflow at all (the secure shape: a cache another branch's run can write must not reach a
        // run that publishes), nor in a job that could hand a poisoned package on: one that may write, runs in an
        // environment or produces an artifact.
        var releases = all.Any(j => j.EnvironmentName != null || j.WritePermissions.Contains(GitHubActionsPermissions.IdToken));
        var mayCache = !releases && permissions.Entries.All(e => e.Value != GitHubActionsAccess.Write) && spec.EnvironmentName == null && produced == null && !(spec.Id == sharing.ProducerId && sharing.Consumers.Count > 0);
        if (mayCache && (compilesEverywhere || compilesOnOtherImages))
            steps.Add(new ActionStep(PinnedActions.Cache)
            {
                Name = "Cache NuGet packages",
                If = compilesOnOtherImages ? $"matrix.os != '{sharedImage}'" : null,
                With = [new("path", CompiledBuild.NuGetPackages), new("key", CompiledBuild.NuGetCacheKey)],
            });
        if (pythonVersion != null)
            steps.Add(new ActionStep(PinnedActions.SetupPython) { Name = "Set up Python", Id = PythonStepId, With = [new("python-version", pythonVersion)] });
        if (consumed != null)
            steps.Add(new ActionStep(PinnedActions.DownloadArtifact) { Name = $"Download {consumed.Name}", With = [new("name", consumed.Name), new("path", consumed.Path)] });
        if (spec.SignAttestations)
            steps.Add(new ActionStep(PinnedActions.AttestAction) { Name = "Sign PEP 740 attestations", With = [new("paths", consumed!.Path + "*")] });
        steps.AddRange(spec.SetupCommands.Select(command => new RunStep(command)));
        if (spec.InvokedTargets.Count > 0)
        {
            // A job that takes the compiled build must not fall back to restoring and compiling (on the shared image).
            var noCompile = !takesCompiledBuild ? null : spec.MatrixOs.Count > 0 ? $"${{{{ matrix.os == '{sharedImage}' && '1' || '0' }}}}" : "1";
            steps.AddRange(TargetSteps(spec, images, noCompile));
        }

        if (spec.Id == sharing.ProducerId && sharing.Consumers.Count > 0)
            steps.Add(new ActionStep(PinnedActions.UploadArtifact)
            {
                Name = "Upload the compiled build",
                With = [new("name", CompiledBuild.ArtifactName), new("path", CompiledBuild.OutputPath), new("if-no-files-found", "error")],
            });
        if (produced != null)
            steps.Add(new ActionStep(PinnedActions.UploadArtifact) { Name = $"Upload {produced.Name}", With = [new("name", produced.Name), new("path", produced.Path), new("if-no-files-found", "error")] });
        if (spec.AttestBuildProvenance)
            steps.Add(new ActionStep(PinnedActions.AttestBuildProvenance) { Name = "Attest build provenance", With = [new("subject-path", (produced ?? consumed)!.Path + "*")] });
        if (steps.Count == 0)
            throw new BuildException($"{where} does nothing: give it InvokedTargets, SetupCommands, or an artifact to attest.");

        return new Job(spec.Id, runsOn, steps)
        {
            Needs = spec.Needs,
            If = spec.If,
            Permissions = permissions,
            Environment = spec.EnvironmentName is { } name ? new JobEnvironment(name, spec.EnvironmentUrl) : null,
            Matrix = matrix,
            TimeoutMinutes = spec.TimeoutMinutes > 0 ? spec.TimeoutMinutes : null,
            InvokedTargets = spec.InvokedTargets,
            SkipsDependencies = spec.SkipDependencies,
            ProducesArtifact = produced?.Name,
            ConsumesArtifact = consumed?.Name,
        };
    }

    /// <summary>The build run: build.sh, or build.ps1 under pwsh on Windows runners (one step per kind when the matrix has both).</summary>
    private static IEnumerable<Step> TargetSteps(JobSpec spec, IReadOnlyList<GitHubActionsImage> images, string? noCompile)
    {
        var arguments = string.Join(' ', spec.InvokedTargets.Concat(spec.SkipDependencies ? ["--skip"] : []).Concat(spec.Arguments is { Length: > 0 } a ? [a] : []));
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in spec.ImportSecrets)
            env[secret] = $"${{{{ secrets.{secret} }}}}";
        foreach (var input in spec.DispatchInputs)
            env[input] = $"${{{{ inputs.{input} }}}}";
        if (spec.PythonParameter is { } parameter)
            env[KebabCase.From(parameter).Replace('-', '_').ToUpperInvariant()] = $"${{{{ steps.{PythonStepId}.outputs.python-path }}}}";
        var name = $"Run {string.Join(", ", spec.InvokedTargets)}";

        var windows = images.Any(i => i.IsWindows());
        var other = images.Any(i => !i.IsWindows());
        if (other)
        {
            var bashEnv = new SortedDictionary<string, string>(env, StringComparer.Ordinal);
            if (noCompile != null)
                bashEnv[CompiledBuild.NoCompileVariable] = noCompile;
            yield return new RunStep($"{BuildScript} {arguments}") { Name = name, If = windows ? "runner.os != 'Windows'" : null, Env = bashEnv.ToList() };
        }

        if (windows)
            yield return new RunStep($"{BuildScriptWindows} {arguments}") { Name = name, If = other ? "runner.os == 'Windows'" : null, Shell = "pwsh", Env = env.ToList() };
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex TargetNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentNamePattern();

    /// <summary>
    /// Which job compiles the build for the others: the first job that runs targets, needs nothing and runs on one
    /// non-Windows image (build.sh writes the stamp a later job checks); it shares with every job after it (through
    /// needs) that runs targets on that image, or on a matrix that has it.
    /// </summary>
    private sealed record CompiledBuildSharing(string? ProducerId, GitHubActionsImage Image, IReadOnlySet<string> Consumers)
    {
        public static CompiledBuildSharing Of(IReadOnlyList<JobSpec> ordered)
        {
            var producer = ordered.FirstOrDefault(s => s.InvokedTargets.Count > 0 && s.Needs.Count == 0 && s.MatrixOs.Count == 0);
            var image = producer == null ? default : producer.Image ?? producer.DefaultImage;
            if (producer == null || image.IsWindows())
                return new(null, default, new HashSet<string>());
            var consumers = ordered
                .Where(s => s != producer && s.InvokedTargets.Count > 0 && Ancestors(s, ordered).Contains(producer)
                    && (s.MatrixOs.Count > 0 ? s.MatrixOs.Contains(image) : (s.Image ?? s.DefaultImage) == image))
                .Select(s => s.Id)
                .ToHashSet(StringComparer.Ordinal);
            return new(producer.Id, image, consumers);
        }
    }

    /// <summary>An artifact as the attributes write it: <c>dist</c> (the folder dist/) or <c>dist:out/dist/</c>.</summary>
    private sealed record Artifact(string Name, string Path)
    {
        public static Artifact Parse(string text, string where)
        {
            var colon = text.IndexOf(':');
            var name = colon < 0 ? text : text[..colon];
            var path = colon < 0 ? name + "/" : text[(colon + 1)..];
            if (!FileNamePattern().IsMatch(name) || path.Length == 0 || path.Contains("${{", StringComparison.Ordinal))
                throw new BuildException($"{where}: '{text}' is not an artifact; write a name (the folder name/), or name:path.");
            return new Artifact(name, path.EndsWith('/') ? path : path + "/");
        }
    }

    /// <summary>A job as both attribute forms describe it.</summary>
    private sealed record JobSpec(string Id, GitHubActionsImage DefaultImage)
    {
        public GitHubActionsImage? Image { get; init; }
        public IReadOnlyList<string> InvokedTargets { get; init; } = [];
        public bool SkipDependencies { get; init; }
        public string? Arguments { get; init; }
        public IReadOnlyList<string> Needs { get; init; } = [];
        public string? If { get; init; }
        public IReadOnlyList<GitHubActionsPermissions> ReadPermissions { get; init; } = [];
        public IReadOnlyList<GitHubActionsPermissions> WritePermissions { get; init; } = [];
        public string? EnvironmentName { get; init; }
        public string? EnvironmentUrl { get; init; }
        public IReadOnlyList<GitHubActionsImage> MatrixOs { get; init; } = [];
        public IReadOnlyList<string> MatrixPython { get; init; } = [];
        public string? PythonVersion { get; init; }
        public string? PythonParameter { get; init; }
        public string? ProducesArtifact { get; init; }
        public string? ConsumesArtifact { get; init; }
        public bool AttestBuildProvenance { get; init; }
        public bool SignAttestations { get; init; }
        public IReadOnlyList<string> ImportSecrets { get; init; } = [];
        public IReadOnlyList<string> SetupCommands { get; init; } = [];
        public IReadOnlyList<string> DispatchInputs { get; init; } = [];
        public int TimeoutMinutes { get; init; }
        public int? FetchDepth { get; init; }

        private static IReadOnlyList<string> Inputs(GitHubActionsAttribute w) =>
            w.OnWorkflowDispatchRequiredInputs.Concat(w.OnWorkflowDispatchOptionalInputs).ToList();

        /// <summary>NUKE's form: the workflow's job on one image; its id is the image label (dots become '_').</summary>
        public static JobSpec FromWorkflow(GitHubActionsAttribute w, GitHubActionsImage image) => new(image.Label().Replace('.', '_'), image)
        {
            InvokedTargets = w.InvokedTargets,
            ReadPermissions = w.ReadPermissions,
            WritePermissions = w.WritePermissions,
            PythonVersion = w.PythonVersion,
            ImportSecrets = w.ImportSecrets,
            SetupCommands = w.SetupCommands,
            DispatchInputs = Inputs(w),
            TimeoutMinutes = w.TimeoutMinutes,
            FetchDepth = w.FetchDepthOrNull,
        };

        public static JobSpec FromJob(GitHubActionsJobAttribute j, GitHubActionsAttribute w) => new(j.JobId, w.Images[0])
        {
            Image = j.ImageOrNull,
            InvokedTargets = j.InvokedTargets,
            SkipDependencies = j.SkipDependencies,
            Arguments = j.Arguments,
            Needs = j.Needs.Distinct().ToList(),
            If = j.If,
            ReadPermissions = j.ReadPermissions,
            WritePermissions = j.WritePermissions,
            EnvironmentName = j.EnvironmentName,
            EnvironmentUrl = j.EnvironmentUrl,
            MatrixOs = j.MatrixOs.Distinct().ToList(),
            MatrixPython = j.MatrixPython.Distinct().ToList(),
            PythonVersion = j.PythonVersion,
            PythonParameter = j.PythonParameter,
            ProducesArtifact = j.ProducesArtifact,
            ConsumesArtifact = j.ConsumesArtifact,
            AttestBuildProvenance = j.AttestBuildProvenance,
            SignAttestations = j.SignAttestations,
            ImportSecrets = j.ImportSecrets,
            SetupCommands = j.SetupCommands,
            DispatchInputs = Inputs(w),
            TimeoutMinutes = j.TimeoutMinutes > 0 ? j.TimeoutMinutes : w.TimeoutMinutes,
            FetchDepth = w.FetchDepthOrNull,
        };
    }
}
