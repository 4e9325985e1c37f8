using System.Reflection;
using System.Xml.Linq;

namespace Protmem.Architecture.Tests;

/// <summary>
/// The layers of ../shared/design/architecture.md: an arrow there is a project
/// reference; there are no others. Checked on the built assemblies (what the
/// compiler really linked) and on the project files (what a developer declared).
/// </summary>
public sealed class LayerReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Protmem.Hardware"] = [],
        ["Protmem.Uapi"] = [],
        ["Protmem.SecureWorld"] = ["Protmem.Hardware"],
        ["Protmem.Kernel"] = ["Protmem.Hardware", "Protmem.Uapi"],
        ["Protmem.Userspace"] = ["Protmem.Uapi"],
        ["Protmem.Platform"] = ["Protmem.Hardware", "Protmem.SecureWorld", "Protmem.Kernel", "Protmem.Uapi"],
        ["protmem"] = ["Protmem.Platform", "Protmem.Userspace", "Protmem.Uapi"],
    };

    public static TheoryData<string> Layers => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void BuiltAssembly_References_OnlyLayersTheDesignAllows(string layer)
    {
        var assembly = Assembly.Load(layer);
        var protmemReferences = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(IsProtmem)
            .ToList();

        var forbidden = protmemReferences.Except(Allowed[layer]).ToList();

        Assert.True(forbidden.Count == 0,
            $"{layer} references {string.Join(", ", forbidden)}, which the architecture does not allow");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void ProjectFile_References_OnlyLayersTheDesignAllows(string layer)
    {
        var project = layer == "protmem" ? "Protmem.Cli" : layer;
        var path = Path.Combine(RepositoryRoot(), "src", project, project + ".csproj");
        var references = XDocument.Load(path).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
            .Select(name => name == "Protmem.Cli" ? "protmem" : name)
            .ToList();

        var forbidden = references.Except(Allowed[layer]).ToList();

        Assert.True(forbidden.Count == 0,
            $"{path} references {string.Join(", ", forbidden)}, which the architecture does not allow");
    }

    [Fact]
    public void Checker_WithAForbiddenReference_Fails()
    {
        // The rule itself must be able to fail: Kernel -> SecureWorld is the classic breach.
        var forbidden = new[] { "Protmem.Hardware", "Protmem.SecureWorld" }.Except(Allowed["Protmem.Kernel"]);
        Assert.Equal(["Protmem.SecureWorld"], forbidden);
    }

    private static bool IsProtmem(string name) =>
        name.StartsWith("Protmem.", StringComparison.Ordinal) || name == "protmem";

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Protmem.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Protmem.slnx not found above " + AppContext.BaseDirectory);
    }
}
