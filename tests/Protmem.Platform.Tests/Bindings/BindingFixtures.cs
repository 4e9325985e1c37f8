using Protmem.Platform.Bindings;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.Bindings;

/// <summary>Small boards written inline for binding tests.</summary>
internal static class BindingFixtures
{
    /// <summary>A board with 1 GiB at 0x40000000 and <paramref name="body"/> added to the root node.</summary>
    public static string Board(string body)
    {
        var lines = body.Split('\n');
        var rootProperties = string.Join('\n', lines.TakeWhile(IsRootProperty));
        var nodes = string.Join('\n', lines.SkipWhile(IsRootProperty));
        return $$"""
        /dts-v1/;
        / {
            #address-cells = <2>;
            #size-cells = <2>;
            {{rootProperties}}
            memory@40000000 {
                device_type = "memory";
                reg = <0x0 0x40000000 0x0 0x40000000>;
            };
            {{nodes}}
        };
        """;
    }

    /// <summary>A line such as <c>protmem,flag;</c> or <c>name = &lt;1&gt;;</c> (a root property, which must come before the nodes).</summary>
    private static bool IsRootProperty(string line) =>
        !line.Contains('{', StringComparison.Ordinal) && line.Trim().EndsWith(';') && line.Trim().Length > 1;

    public static PlatformDescription Bind(string body) => PlatformBinder.Bind(DtsReader.Parse(Board(body), "test.dts"), "test");

    public static BindingException BindError(string body) => Assert.Throws<BindingException>(() => Bind(body));
}
