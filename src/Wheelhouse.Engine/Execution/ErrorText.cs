namespace Wheelhouse.Engine.Execution;

/// <summary>The message a user sees for an exception: a build error as written, anything else named by its type.</summary>
public static class ErrorText
{
    public static string Of(Exception e) => e switch
    {
        BuildException build => build.Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Of(aggregate.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Of(inner),
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
