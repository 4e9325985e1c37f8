using System.Reflection;

namespace Protmem.Architecture.Tests;

/// <summary>
/// Names a reader can resolve at once: no type is named like the namespace it lives in
/// (<c>Kernel.Kernel</c>, <c>DmaBuf.DmaBuf</c>), which forces qualified names on every user; and
/// every source file declares one top-level type, so a file name finds its type.
/// </summary>
public sealed class TypeNamingTests
{
    public static TheoryData<string> Layers => ["Protmem.Hardware", "Protmem.Uapi", "Protmem.SecureWorld", "Protmem.Kernel", "Protmem.Userspace", "Protmem.Platform", "protmem"];

    [Theory]
    [MemberData(nameof(Layers))]
    public void NoType_IsNamedLikeItsNamespace(string layer)
    {
        var clashes = TypesNamedLikeTheirNamespace(Assembly.Load(layer).GetTypes());

        Assert.True(clashes.Count == 0, $"{layer}: {string.Join(", ", clashes)} named like their namespace");
    }

    [Fact]
    public void Checker_WithATypeNamedLikeItsNamespace_Finds_It()
    {
        Assert.Equal(["Protmem.Architecture.Tests.Clash.Clash"], TypesNamedLikeTheirNamespace([typeof(Clash.Clash), typeof(TypeNamingTests)]));
    }

    [Fact]
    public void EverySourceFile_DeclaresOneTopLevelType()
    {
        var root = Path.Combine(LayerReferenceTests.RepositoryRoot(), "src");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(root, f), Types: TopLevelTypeCount(File.ReadAllLines(f))))
            .Where(f => f.Types > 1)
            .Select(f => $"{f.File} ({f.Types} types)")
            .ToList();

        Assert.True(offenders.Count == 0, $"files with more than one top-level type: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void TopLevelTypeCount_CountsDeclarationsAtTheStartOfALine()
    {
        Assert.Equal(2, TopLevelTypeCount(["namespace A;", "public sealed class B", "{", "    private sealed class Nested { }", "}", "internal enum C { X }"]));
        Assert.Equal(1, TopLevelTypeCount(["public readonly record struct D(int X);"]));
    }

    internal static List<string> TypesNamedLikeTheirNamespace(IEnumerable<Type> types) =>
        [.. types
            .Where(t => !t.IsNested && t.Namespace is { } ns && ns.StartsWith("Protmem", StringComparison.Ordinal) && ns.Split('.')[^1] == t.Name.Split('`')[0])
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)];

    /// <summary>Type declarations that start a line without indentation (file-scoped namespaces put top-level types there).</summary>
    internal static int TopLevelTypeCount(IEnumerable<string> lines) =>
        lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^(public |internal |file )?((sealed|static|abstract|partial|readonly|ref) )*(class|struct|interface|enum|record( struct| class)?) [A-Z]"));
}
