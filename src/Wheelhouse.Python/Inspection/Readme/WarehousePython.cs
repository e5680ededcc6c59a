using System.Text.Json;
using System.Text.Json.Nodes;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Inspection.Vocabulary;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Inspection.Readme;

/// <summary>A description to render: its text and its declared Description-Content-Type (null: none declared).</summary>
public sealed record DescriptionToRender(string Text, string? ContentType);

/// <summary>What PyPI's Python libraries, run in an interpreter, say about a set of distributions.</summary>
public sealed record WarehouseAnswers
{
    /// <summary>The interpreter that answered, or null when none could.</summary>
    public string? Interpreter { get; init; }

    /// <summary>readme_renderer's version in that interpreter; null when it has none (then nothing was rendered).</summary>
    public string? RendererVersion { get; init; }

    /// <summary>Why no renderer could be used ("No module named 'readme_renderer'" for each interpreter tried).</summary>
    public string? RendererProblem { get; init; }

    /// <summary>Per description: null when it rendered, else readme_renderer's warnings (docutils' messages for reStructuredText).</summary>
    public IReadOnlyDictionary<DescriptionToRender, string?> Rendered { get; init; } = new Dictionary<DescriptionToRender, string?>();

    /// <summary>The trove-classifiers installed for the interpreter, when it is newer than the embedded copy, and its verdicts.</summary>
    public string? NewerTroveVersion { get; init; }
    public IReadOnlyDictionary<string, ClassifierVerdict> Classifiers { get; init; } = new Dictionary<string, ClassifierVerdict>();

    /// <summary>packaging's verdicts (null: valid; else its message) when the interpreter has packaging.licenses.</summary>
    public string? PackagingVersion { get; init; }
    public IReadOnlyDictionary<string, string?> Licenses { get; init; } = new Dictionary<string, string?>();

    public static WarehouseAnswers None { get; } = new();
}

/// <summary>
/// Runs PyPI's own rendering in a Python interpreter: warehouse renders a description with readme_renderer (Debian's
/// python3-readme-renderer) in its declared content type, refusing the upload when that fails; the same process
/// reports whether a newer trove-classifiers or packaging.licenses installed there knows a classifier or license the
/// embedded lists do not. The interpreters are tried in order until one has readme_renderer.
/// </summary>
public static class WarehousePython
{
    private const string Script = """
        import io, json, sys
        import email.message
        import importlib.metadata as metadata
        renderer, renderer_problem = None, None
        try:
            import readme_renderer.markdown, readme_renderer.rst, readme_renderer.txt
            renderer = metadata.version("readme-renderer")
        except Exception as e:
            renderer_problem = "%s: %s" % (type(e).__name__, e)

        def respond(request):
          answer = {"renderer": renderer, "rendererProblem": renderer_problem, "rendered": [], "trove": None, "classifiers": {}, "packaging": None, "licenses": {}}
          if answer["renderer"]:
              renderers = {"text/plain": readme_renderer.txt, "text/x-rst": readme_renderer.rst, "text/markdown": readme_renderer.markdown}
              for item in request["descriptions"]:
                  message = email.message.EmailMessage()
                  message["content-type"] = item["contentType"] or "text/x-rst"
                  content_type = message.get_content_type()
                  render = renderers.get(content_type, readme_renderer.txt)
                  warnings = io.StringIO()
                  try:
                      if content_type == "text/markdown":
                          rendered = render.render(item["text"], variant=message["content-type"].params.get("variant", "GFM"))
                      elif content_type == "text/x-rst":
                          rendered = render.render(item["text"], stream=warnings)
                      else:
                          rendered = render.render(item["text"])
                  except Exception as e:
                      rendered = None
                      warnings.write("%s: %s" % (type(e).__name__, e))
                  answer["rendered"].append(None if rendered is not None else (warnings.getvalue().strip() or "readme_renderer returned nothing"))
          try:
              import trove_classifiers
              answer["trove"] = metadata.version("trove-classifiers")
              every = set(getattr(trove_classifiers, "all_classifiers", trove_classifiers.classifiers)) | set(trove_classifiers.deprecated_classifiers)
              for c in request["classifiers"]:
                  deprecated = trove_classifiers.deprecated_classifiers.get(c)
                  answer["classifiers"][c] = {"known": c in every, "deprecatedBy": list(deprecated) if deprecated is not None else None}
          except Exception:
              pass
          try:
              from packaging.licenses import canonicalize_license_expression
              answer["packaging"] = metadata.version("packaging")
              for expression in request["licenses"]:
                  try:
                      canonicalize_license_expression(expression)
                      answer["licenses"][expression] = None
                  except Exception as e:
                      answer["licenses"][expression] = str(e)
          except Exception:
              pass
          return answer

        if sys.argv[1] == "--serve":
            # One request per line on stdin, one answer per line on stdout, readme_renderer imported once.
            for line in sys.stdin:
                print(json.dumps(respond(json.loads(line))), flush=True)
        else:
            with open(sys.argv[1], encoding="utf-8") as f:
                print(json.dumps(respond(json.load(f))))
        """;

    /// <summary>
    /// Asks the first of <paramref name="interpreters"/> that has readme_renderer (all are tried until one has it).
    /// Nothing to render and nothing unknown to the embedded lists: no process at all.
    /// </summary>
    public static async Task<WarehouseAnswers> AskAsync(
        IReadOnlyList<string> interpreters, IReadOnlyCollection<DescriptionToRender> descriptions, IReadOnlyCollection<string> classifiers,
        IReadOnlyCollection<string> licenses, CancellationToken cancellationToken = default)
    {
        if (descriptions.Count == 0 && classifiers.Count == 0 && licenses.Count == 0)
            return WarehouseAnswers.None;
        var ordered = descriptions.Distinct().ToList();
        var request = Request(ordered, classifiers, licenses);
        var requestFile = Path.Combine(Path.GetTempPath(), $"wheelhouse-warehouse-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(requestFile, request.ToJsonString(), cancellationToken);
        var problems = new List<string>();
        WarehouseAnswers? fallback = null;
        try
        {
            foreach (var interpreter in interpreters.Distinct())
            {
                var answer = await AskOneAsync(interpreter, requestFile, ordered, cancellationToken);
                if (answer == null)
                {
                    problems.Add($"{interpreter} did not run");
                    continue;
                }

                if (answer.RendererVersion != null || descriptions.Count == 0)
                    return answer;
                problems.Add($"{interpreter}: {answer.RendererProblem}");
                fallback ??= answer;
            }
        }
        finally
        {
            try
            {
                File.Delete(requestFile);
            }
            catch (IOException)
            {
            }
        }

        return (fallback ?? WarehouseAnswers.None) with { RendererProblem = problems.Count > 0 ? string.Join("; ", problems) : "no Python interpreter to run it" };
    }

    internal static JsonObject Request(IReadOnlyList<DescriptionToRender> ordered, IEnumerable<string> classifiers, IEnumerable<string> licenses) => new()
    {
        ["descriptions"] = new JsonArray(ordered.Select(d => (JsonNode)new JsonObject { ["text"] = d.Text, ["contentType"] = d.ContentType }).ToArray()),
        ["classifiers"] = new JsonArray(classifiers.Distinct().Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
        ["licenses"] = new JsonArray(licenses.Distinct().Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
    };

    /// <summary>The script, for <see cref="WarehouseRenderer"/>'s long-running process.</summary>
    internal static string ServeArguments => Script;

    private static async Task<WarehouseAnswers?> AskOneAsync(string interpreter, string requestFile, List<DescriptionToRender> ordered, CancellationToken cancellationToken)
    {
        ToolResult result;
        try
        {
            result = await Tool.RunAsync(interpreter, ["-I", "-c", Script, requestFile], new ToolOptions
            {
                LogOutput = false,
                ThrowOnFailure = false,
                Timeout = TimeSpan.FromSeconds(120),
                WorkingDirectory = Path.GetTempPath(),
            }, cancellationToken);
        }
        catch (BuildException e)
        {
            Log.Debug("README rendering: {Interpreter} could not run: {Message}", interpreter, e.Message);
            return null;
        }

        var line = result.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        if (result.ExitCode != 0 || line == null)
        {
            Log.Debug("README rendering: {Interpreter} exited {Code}: {Error}", interpreter, result.ExitCode, result.StandardError);
            return null;
        }

        return Parse(interpreter, line, ordered);
    }

    /// <summary>One answer line of the script, for the descriptions in the order they were sent.</summary>
    internal static WarehouseAnswers Parse(string interpreter, string line, IReadOnlyList<DescriptionToRender> ordered)
    {
        var root = JsonNode.Parse(line)!.AsObject();
        var rendered = new Dictionary<DescriptionToRender, string?>();
        var renders = root["rendered"]!.AsArray();
        for (var i = 0; i < ordered.Count && i < renders.Count; i++)
            rendered[ordered[i]] = renders[i]?.GetValue<string>();
        var trove = root["trove"]?.GetValue<string>();
        var newer = trove != null && Pep440Version.TryParse(trove, out var installed) && Pep440Version.TryParse(TroveClassifiers.Version, out var embedded)
                    && installed.CompareTo(embedded) > 0;
        return new WarehouseAnswers
        {
            Interpreter = interpreter,
            RendererVersion = root["renderer"]?.GetValue<string>(),
            RendererProblem = root["rendererProblem"]?.GetValue<string>(),
            Rendered = rendered,
            NewerTroveVersion = newer ? trove : null,
            Classifiers = newer
                ? root["classifiers"]!.AsObject().ToDictionary(
                    p => p.Key,
                    p => new ClassifierVerdict(p.Value!["known"]!.GetValue<bool>(), p.Value["deprecatedBy"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray()))
                : new Dictionary<string, ClassifierVerdict>(),
            PackagingVersion = root["packaging"]?.GetValue<string>(),
            Licenses = root["licenses"]!.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>()),
        };
    }
}
