using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Python.Provisioning;

namespace Wheelhouse.Python;

/// <summary>The interpreter that runs the PEP 517 frontend for a project, and whether it builds isolated.</summary>
public sealed record BuildInterpreter(PythonInterpreter Interpreter, bool Isolated, PythonNeeds Needs)
{
    public const string Purpose = "building the package (python -m build)";

    /// <summary>
    /// Prefers an interpreter that has the frontend and every build requirement (it builds without the index). Else, when
    /// the index answers (and isolation is allowed), one with the frontend alone builds isolated. Else the requirements are
    /// needed locally: with <paramref name="provisioningDirectory"/> they are installed when missing, without it the error
    /// says what to install.
    /// </summary>
    public static async Task<BuildInterpreter> ChooseAsync(
        PyProject project, string? python, BuildIsolation isolation, AbsolutePath? provisioningDirectory, bool logWarning = true, CancellationToken cancellationToken = default)
    {
        var frontend = new ModuleNeed("build", ToolchainItem.PythonDistribution("build"));
        var withBackend = new PythonNeeds([frontend], project.BuildRequires.Select(ToolchainItem.PythonDistribution).ToList());
        var frontendOnly = new PythonNeeds([frontend], []);
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var indexUrl = IndexProbe.IndexUrl(environment);

        PythonInterpreter? interpreter;
        var indexAnswers = false;
        if (python != null)
        {
            // The interpreter given with --python is used as it is: it needs the frontend; what it lacks of the build
            // requirements is said, with the versions, by the requirement check below.
            interpreter = await InterpreterLocator.ProbeRequestedAsync(python, new ProbeQuestions(withBackend.ModuleNames, withBackend.DistributionNames), cancellationToken);
            if (!frontendOnly.SatisfiedBy(interpreter))
                await PythonToolchain.FindOrProvisionAsync(python, frontendOnly, Purpose, null, cancellationToken); // throws what it lacks
            if (isolation == BuildIsolation.Auto)
                indexAnswers = await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
        }
        else if ((interpreter = await TryFindAsync(withBackend, cancellationToken)) is null)
        {
            indexAnswers = isolation != BuildIsolation.NotIsolated && await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
            var needs = indexAnswers || isolation == BuildIsolation.Isolated ? frontendOnly : withBackend;
            interpreter = await PythonToolchain.FindOrProvisionAsync(null, needs, Purpose, provisioningDirectory, cancellationToken);
        }
        else if (isolation == BuildIsolation.Auto)
        {
            indexAnswers = await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
        }

        // Not isolated, the installed distributions are the build's: check every requirement first, for one paragraph that names them all.
        var isolating = isolation == BuildIsolation.Isolated || (isolation == BuildIsolation.Auto && indexAnswers);
        if (!isolating)
            await BuildRequirements.CheckAsync(project, interpreter, cancellationToken);
        var decision = IsolationDecision.Decide(isolation, indexAnswers, withBackend.SatisfiedBy(interpreter), indexUrl,
            project.BackendModule, InstallCommands.ForItems(interpreter, withBackend.MissingFrom(interpreter)));
        if (decision.Warning != null && logWarning)
            Log.Warning("{Warning}", decision.Warning);
        return new BuildInterpreter(interpreter, decision.Isolated, withBackend);
    }

    /// <summary>The first interpreter found that has <paramref name="needs"/>, or null.</summary>
    private static async Task<PythonInterpreter?> TryFindAsync(PythonNeeds needs, CancellationToken cancellationToken) =>
        (await InterpreterLocator.SearchAsync(new ProbeQuestions(needs.ModuleNames, needs.DistributionNames), [], needs.SatisfiedBy, cancellationToken)).Found;
}
