namespace Wheelhouse.GitHub; internal static class AssemblyMarker;
