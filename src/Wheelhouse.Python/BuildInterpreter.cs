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

        var interpreter = await TryFindAsync(python, withBackend, cancellationToken);
        var indexAnswers = false;
        if (interpreter is null)
        {
            indexAnswers = isolation != BuildIsolation.NotIsolated && await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
            var needs = indexAnswers || isolation == BuildIsolation.Isolated ? frontendOnly : withBackend;
            interpreter = await PythonToolchain.FindOrProvisionAsync(python, needs, Purpose, provisioningDirectory, cancellationToken);
        }
        else if (isolation == BuildIsolation.Auto)
        {
            indexAnswers = await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
        }

        var decision = IsolationDecision.Decide(isolation, indexAnswers, withBackend.SatisfiedBy(interpreter), indexUrl,
            project.BackendModule, InstallCommands.ForItems(interpreter, withBackend.MissingFrom(interpreter)));
        if (decision.Warning != null && logWarning)
            Log.Warning("{Warning}", decision.Warning);
        if (!decision.Isolated)
            await BuildRequirements.CheckAsync(project, interpreter, cancellationToken);
        return new BuildInterpreter(interpreter, decision.Isolated, withBackend);
    }

    /// <summary>An interpreter with <paramref name="needs"/>, or null; for one given with --python, only that one.</summary>
    private static async Task<PythonInterpreter?> TryFindAsync(string? python, PythonNeeds needs, CancellationToken cancellationToken)
    {
        var questions = new ProbeQuestions(needs.ModuleNames, needs.DistributionNames);
        if (python != null)
        {
            var chosen = await InterpreterLocator.ProbeRequestedAsync(python, questions, cancellationToken);
            return needs.SatisfiedBy(chosen) ? chosen : null;
        }

        return (await InterpreterLocator.SearchAsync(questions, [], needs.SatisfiedBy, cancellationToken)).Found;
    }
}
