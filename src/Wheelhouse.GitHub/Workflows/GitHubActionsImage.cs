namespace Wheelhouse.GitHub.Workflows;

/// <summary>A GitHub-hosted runner image (NUKE's vocabulary), written as its <c>runs-on</c> label.</summary>
public enum GitHubActionsImage
{
    UbuntuLatest,
    Ubuntu2404,
    Ubuntu2204,
    WindowsLatest,
    Windows2025,
    Windows2022,
    MacOsLatest,
    MacOs15,
    MacOs14,
}

public static class GitHubActionsImageExtensions
{
    /// <summary>The runner label: <c>ubuntu-latest</c>, <c>windows-2022</c>, <c>macos-15</c>...</summary>
    public static string Label(this GitHubActionsImage image) => image switch
    {
        GitHubActionsImage.UbuntuLatest => "ubuntu-latest",
        GitHubActionsImage.Ubuntu2404 => "ubuntu-24.04",
        GitHubActionsImage.Ubuntu2204 => "ubuntu-22.04",
        GitHubActionsImage.WindowsLatest => "windows-latest",
        GitHubActionsImage.Windows2025 => "windows-2025",
        GitHubActionsImage.Windows2022 => "windows-2022",
        GitHubActionsImage.MacOsLatest => "macos-latest",
        GitHubActionsImage.MacOs15 => "macos-15",
        GitHubActionsImage.MacOs14 => "macos-14",
        _ => throw new ArgumentOutOfRangeException(nameof(image), image, "not a runner image"),
    };

    public static bool IsWindows(this GitHubActionsImage image) =>
        image is GitHubActionsImage.WindowsLatest or GitHubActionsImage.Windows2025 or GitHubActionsImage.Windows2022;
}
