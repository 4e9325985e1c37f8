using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>A reserved-memory region as placed at boot.</summary>
public sealed record ReservedRow(string Name, string Start, string End, ulong Size, string Compatible, string Flags, string Placement);
