using System.Text.Json.Serialization;

namespace Protmem.Cli.Json;

/// <summary>The serializer for every machine-readable document (source-generated: no reflection, trim-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(XtestDocument))]
[JsonSerializable(typeof(SelftestDocument))]
[JsonSerializable(typeof(PlatformsDocument))]
[JsonSerializable(typeof(Protmem.Platform.Summary.PlatformSummary))]
[JsonSerializable(typeof(FuzzReportJson))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
