namespace Wheelhouse.Python.Provisioning;

/// <summary>A module a step imports from the interpreter, and what brings it.</summary>
public sealed record ModuleNeed(string Module, ToolchainItem Item);

/// <summary>What a step needs of a Python interpreter: modules it imports and distributions that must be installed (in any version: whether the version fits is the requirement check's to say).</summary>
public sealed record PythonNeeds(IReadOnlyList<ModuleNeed> Modules, IReadOnlyList<ToolchainItem> Distributions)
{
    public IReadOnlyList<string> ModuleNames => Modules.Select(m => m.Module).ToList();

    public IReadOnlyList<string> DistributionNames => Distributions.Select(d => d.Name).ToList();

    /// <summary>What <paramref name="interpreter"/> lacks of these needs.</summary>
    public IReadOnlyList<ToolchainItem> MissingFrom(PythonInterpreter interpreter) =>
        Modules.Where(m => !interpreter.Has(m.Module)).Select(m => m.Item)
            .Concat(Distributions.Where(d => interpreter.Distributions.GetValueOrDefault(d.Name) is null))
            .DistinctBy(i => i.Name)
            .ToList();

    public bool SatisfiedBy(PythonInterpreter interpreter) =>
        interpreter.Version >= InterpreterLocator.MinimumVersion && MissingFrom(interpreter).Count == 0;
}
