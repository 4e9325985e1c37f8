using System.Globalization;

namespace Protmem.Hardware.Tracing;

/// <summary>
/// One traced event: a small value holding the simulated time, the kind, who did it, and up to
/// three numeric fields whose meaning depends on the kind. Building one allocates nothing.
/// </summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Subject">The block or master concerned (a name already held by the model).</param>
/// <param name="Address">An address (physical, device or CPU, per kind).</param>
/// <param name="Length">A length, a count, or a register offset, per kind.</param>
/// <param name="Value">A value, a direction or a state, per kind.</param>
/// <param name="Text">Free text for <see cref="TraceKind.Note"/> and details.</param>
public readonly record struct TraceEvent(
    ulong Time,
    TraceKind Kind,
    string Subject,
    ulong Address = 0,
    ulong Length = 0,
    ulong Value = 0,
    string? Text = null)
{
    /// <summary>One deterministic line: time, kind, subject, then the fields the kind uses.</summary>
    public string Render()
    {
        var i = CultureInfo.InvariantCulture;
        var head = string.Create(i, $"{Time,15} {Kind,-15} {Subject}");
        var body = Kind switch
        {
            TraceKind.BusFault or TraceKind.IommuFault or TraceKind.CpuFault => string.Create(
                i, $" addr=0x{Address:x} len={Length} {(AccessDirection)Value}"),
            TraceKind.FirewallProgram => string.Create(i, $" region={Value} base=0x{Address:x} size=0x{Length:x}"),
            TraceKind.IommuMmioWrite => string.Create(i, $" bank={Address} reg=0x{Length:x2} value=0x{Value:x8}"),
            TraceKind.IommuAttach => string.Create(i, $" dte=0x{Address:x}"),
            TraceKind.IommuDetach => string.Empty,
            TraceKind.SmcCall => string.Create(i, $" fn=0x{Address:x8}"),
            TraceKind.SmcReturn => string.Create(i, $" fn=0x{Address:x8} a0=0x{Value:x}"),
            TraceKind.IommuMap => string.Create(i, $" iova=0x{Address:x} size=0x{Length:x} result={Value}"),
            TraceKind.IommuUnmap => string.Create(i, $" iova=0x{Address:x} size=0x{Length:x} unmapped=0x{Value:x}"),
            _ => string.Empty,
        };
        return Text is null ? head + body : head + body + " " + Text;
    }
}
