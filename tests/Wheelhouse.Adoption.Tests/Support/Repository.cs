namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>The repository this test assembly was built from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wheelhouse.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No folder holding Wheelhouse.sln above {AppContext.BaseDirectory}.");
    }
}
