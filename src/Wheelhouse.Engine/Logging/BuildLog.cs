using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Sinks.SystemConsole.Themes;
using Wheelhouse.Engine.Hosts;

namespace Wheelhouse.Engine.Logging;

/// <summary>
/// The build's Serilog logger: the console at the chosen verbosity (colours on a terminal, plain when
/// redirected, annotations on GitHub Actions) and the full log in .nuke/temp/build.log. Secrets are masked in both.
/// </summary>
public static class BuildLog
{
    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}";
    private const string VerboseConsoleTemplate = "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Logger Create(BuildHost host, Verbosity verbosity, string? logFile, SecretMasker masker, bool colours)
    {
        var consoleLevel = verbosity switch
        {
            Verbosity.Quiet => LogEventLevel.Error,
            Verbosity.Minimal => LogEventLevel.Warning,
            Verbosity.Normal => LogEventLevel.Information,
            _ => LogEventLevel.Verbose,
        };
        var template = verbosity == Verbosity.Verbose ? VerboseConsoleTemplate : ConsoleTemplate;

        var configuration = new LoggerConfiguration().MinimumLevel.Verbose();
        // Held per target (and per piece of parallel work) first, so each one's lines come out together, in plan order.
        configuration.WriteTo.Sink(new HeldOutputSink(new MaskingSink(ConsoleSink(host, template, colours), masker)), consoleLevel);
        if (logFile != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            var file = new LoggerConfiguration().MinimumLevel.Verbose()
                .WriteTo.File(logFile, outputTemplate: FileTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .CreateLogger();
            configuration.WriteTo.Sink(new HeldOutputSink(new MaskingSink(file, masker)));
        }

        return configuration.CreateLogger();
    }

    private static ILogEventSink ConsoleSink(BuildHost host, string template, bool colours)
    {
        if (host.AnnotationPrefix(LogEventLevel.Warning) != null || !colours)
            return new AnnotatingConsoleSink(new MessageTemplateTextFormatter(template, System.Globalization.CultureInfo.InvariantCulture), host);
        return new LoggerConfiguration().MinimumLevel.Verbose()
            .WriteTo.Console(outputTemplate: template, theme: AnsiConsoleTheme.Code, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
