using Wheelhouse.Python.Inspection.Readme;
using Wheelhouse.Python.Inspection.Vocabulary;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// The metadata rules PyPI applies on upload beyond the form (M010-M015): trove classifiers, deprecated classifiers,
/// the SPDX License-Expression, PEP 639's License-File entries, and the README rendered as warehouse renders it.
/// Messages quote warehouse's (or packaging's) refusal, then say what to change.
/// </summary>
public static class PyPIMetadataChecks
{
    public static void Run(MetadataSubject subject, MetadataFile metadata, ProjectExpectations project, FindingSink sink, WarehouseAnswers? warehouse)
    {
        var path = subject.Path;
        var declaration = MetadataDeclaration.Field(project.BuildBackend, "classifiers");
        foreach (var classifier in metadata.All("Classifier").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var verdict = warehouse?.Classifiers.GetValueOrDefault(classifier);
            if (TroveClassifiers.Check(classifier, verdict) is not { } refusal)
                continue;
            var list = verdict != null && warehouse?.NewerTroveVersion is { } newer
                ? $"trove-classifiers {newer} (installed for {warehouse.Interpreter})"
                : $"trove-classifiers {TroveClassifiers.Version}";
            if (refusal.StartsWith("The classifier", StringComparison.Ordinal))
                sink.Add(Checks.M011, $"{path}: PyPI refuses \"{refusal}\" (per {list}); replace it in the {declaration} and rebuild.");
            else
                sink.Add(Checks.M010, $"{path}: PyPI refuses \"{refusal}\" (per {list}); fix or remove it in the {declaration} and rebuild" +
                    (verdict == null ? $". If trove-classifiers added it after {TroveClassifiers.Version}, install a newer trove-classifiers for python3 (pip install -U trove-classifiers): InspectWheel then asks it." : "."));
        }

        LicenseExpression(subject, metadata, project, sink, warehouse);
        LicenseFiles(subject, metadata, sink);
        Description(subject, metadata, sink, warehouse);
    }

    /// <summary>The description PyPI receives: the body of METADATA/PKG-INFO, or the older Description header.</summary>
    public static string? DescriptionOf(MetadataFile metadata) =>
        metadata.Body.Trim().Length > 0 ? metadata.Body : metadata["Description"] is { Length: > 0 } header ? header : null;

    private static void LicenseExpression(MetadataSubject subject, MetadataFile metadata, ProjectExpectations project, FindingSink sink, WarehouseAnswers? warehouse)
    {
        if (metadata["License-Expression"] is not { } expression)
        {
            sink.Skip(Checks.M012, "no License-Expression");
            return;
        }

        var field = MetadataDeclaration.Field(project.BuildBackend, "license");
        var (_, error) = LicenseExpressions.Canonicalize(expression);
        // An identifier the embedded SPDX list lacks may be newer than it: packaging.licenses in the interpreter, when there, decides.
        if (error != null && warehouse?.Licenses.TryGetValue(expression, out var packaging) == true)
            error = packaging;
        if (error != null)
            sink.Add(Checks.M012, $"{subject.Path}: PyPI refuses \"{Py.Repr(expression)} is invalid for 'license-expression'\" ({error}, per the SPDX license list {LicenseExpressions.SpdxListVersion}); set an SPDX expression such as \"MIT\" or \"Apache-2.0 OR MIT\" as the {field} and rebuild.");
        else if (metadata["Metadata-Version"] is { } version && string.CompareOrdinal(version, "2.4") < 0 && version.Length == 3)
            sink.Add(Checks.M012, $"{subject.Path}: PyPI refuses \"'license-expression' introduced in metadata version 2.4, not {version}\"; build with a backend that writes Metadata-Version 2.4 (PEP 639) and rebuild.");
    }

    private static void LicenseFiles(MetadataSubject subject, MetadataFile metadata, FindingSink sink)
    {
        var files = metadata.All("License-File");
        if (files.Count == 0)
        {
            sink.Skip(Checks.M013, "no License-File");
            return;
        }

        if (subject.HasFile is not { } hasFile)
        {
            sink.Skip(Checks.M013, "the distribution's files are not known");
            return;
        }

        foreach (var file in files)
        {
            var location = subject.LicenseFilePrefix + file;
            if (!hasFile(location))
                sink.Add(Checks.M013, $"{subject.Path} lists License-File {file}, but {location} is not in the distribution; PyPI refuses it (\"License-File {file} does not exist in distribution file ... at {location}\"): make the build include the file (or drop it from [project] license-files) and rebuild.");
        }
    }

    private static void Description(MetadataSubject subject, MetadataFile metadata, FindingSink sink, WarehouseAnswers? warehouse)
    {
        var declared = metadata["Description-Content-Type"];
        if (declared != null && DescriptionContentType.Problem(declared) is { } invalid)
        {
            sink.Add(Checks.M014, $"{subject.Path}: PyPI refuses \"{invalid}\"; set readme to a .md, .rst or .txt file (or a content-type PyPI knows) in pyproject.toml and rebuild.");
            sink.Skip(Checks.M015, "the content type is invalid (M014)");
            return;
        }

        if (DescriptionOf(metadata) is not { } description)
        {
            sink.Skip([Checks.M014, Checks.M015], "no description (README)");
            return;
        }

        if (warehouse == null)
        {
            sink.Skip([Checks.M014, Checks.M015], "README rendering not asked for");
            return;
        }

        if (warehouse.RendererVersion == null)
        {
            sink.Add(Checks.M015, $"the README could not be rendered, so PyPI's rendering check did not run ({warehouse.RendererProblem}); PyPI refuses a README that does not render: install readme_renderer for python3 (apt install python3-readme-renderer, or pip install readme-renderer) and run InspectWheel again.");
            sink.Skip(Checks.M014, "no README renderer (M015)");
            return;
        }

        if (!warehouse.Rendered.TryGetValue(new DescriptionToRender(description, declared), out var failure))
        {
            sink.Skip(Checks.M014, "the README was not among those rendered");
            return;
        }

        if (failure != null)
        {
            var kind = DescriptionContentType.Parse(declared ?? DescriptionContentType.Default).Type;
            var advice = kind == "text/x-rst"
                ? declared == null
                    ? "PyPI reads a README without a content type as reStructuredText: declare readme = \"README.md\" (Markdown) in pyproject.toml, or fix the reStructuredText"
                    : "fix the reStructuredText (docutils says where)"
                : "fix the README";
            sink.Add(Checks.M014, $"{subject.Path}: PyPI refuses \"{DescriptionContentType.RenderFailure(declared)}\" readme_renderer {warehouse.RendererVersion} says: {Shorten(failure)}. {advice}, and rebuild.");
        }
    }

    private static string Shorten(string text)
    {
        var oneLine = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length > 400 ? oneLine[..397] + "..." : oneLine;
    }
}
