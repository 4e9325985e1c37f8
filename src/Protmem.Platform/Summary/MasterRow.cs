using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>A bus master: firewall id, name, compatible, IOMMU, whether it issues secure transactions, its memory regions, its node.</summary>
public sealed record MasterRow(int Id, string Name, string Compatible, string? Iommu, bool Secure, IReadOnlyList<string> MemoryRegions, string Path);
