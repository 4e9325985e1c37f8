namespace Protmem.Uapi;

/// <summary>
/// The byte layout of a uapi struct as C lays it out on LP64: the C struct name
/// (<c>dma_heap_allocation_data</c>), sizeof, and every field. Tests compare it with
/// gcc's sizeof/offsetof over the machine's real headers.
/// </summary>
public sealed record AbiStructLayout(string CName, int Size, IReadOnlyList<AbiField> Fields, AbiSource Source = AbiSource.Header)
{
    /// <summary>The field named <paramref name="cName"/>; throws if the struct has none.</summary>
    public AbiField Field(string cName) =>
        Fields.FirstOrDefault(f => f.CName == cName)
        ?? throw new ArgumentException($"struct {CName} has no field {cName}", nameof(cName));
}
