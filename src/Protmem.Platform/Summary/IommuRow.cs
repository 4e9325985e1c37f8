using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>An IOMMU instance: name, compatible, banks, IOTLB entries, the masters behind it.</summary>
public sealed record IommuRow(string Name, string Compatible, int Banks, int IotlbEntries, IReadOnlyList<string> Masters);
