namespace Protmem.Platform.Boards;

/// <summary>A shipped platform: its name (what <c>--platform</c> takes) and one line saying what it is.</summary>
public sealed record PlatformInfo(string Name, string Description);
