using Protmem.Platform.Boards;

namespace Protmem.Cli.Json;

/// <summary><c>protmem platforms --json</c> (schema <see cref="SchemaName"/>): the shipped boards, the default first.</summary>
internal sealed record PlatformsDocument(string Schema, string Default, IReadOnlyList<PlatformInfo> Platforms)
{
    public const string SchemaName = "protmem.platforms/1";
}
