namespace Protmem.Uapi;

/// <summary>Length checks shared by the uapi structs' Read and Write.</summary>
internal static class UapiBytes
{
    public static void Require(int available, int size, string cName)
    {
        if (available < size)
        {
            ThrowTooShort(available, size, cName);
        }
    }

    // Out of line, so Require inlines into every struct's Read and Write.
    private static void ThrowTooShort(int available, int size, string cName) =>
        throw new ArgumentException($"struct {cName} needs {size} bytes, got {available}");

    /// <summary>A <c>char name[N]</c> field: the bytes before the first NUL (all but the last when none), one char per byte.</summary>
    public static string ReadCString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return System.Text.Encoding.Latin1.GetString(field[..(end < 0 ? field.Length - 1 : end)]);
    }

    /// <summary>Writes <paramref name="value"/> into a <c>char name[N]</c> field: at most N - 1 bytes, NUL-padded (strscpy).</summary>
    public static void WriteCString(Span<byte> field, string? value)
    {
        field.Clear();
        var text = value ?? string.Empty;
        var length = Math.Min(text.Length, field.Length - 1);
        System.Text.Encoding.Latin1.GetBytes(text.AsSpan(0, length), field);
    }
}
