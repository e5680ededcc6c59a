namespace Wheelhouse.PyPI; internal static class AssemblyMarker;
