using System.Buffers.Binary;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Input;

/// <summary>
/// A touchscreen controller that writes its reports to memory by DMA, as a device master of its own, so the
/// firewall decides where touches can land. Its registers are secure-only on a board with a trusted UI: only
/// the secure world drives it (the board's node has <c>secure-status = "okay"</c>).
/// 1. The owner programs a report ring (<see cref="SetReportRing"/>): a physical address and a size in bytes.
/// 2. Each touch of the screen (<see cref="Touch"/>, the physical world) writes one <see cref="ReportSize"/>-byte
///    report into the next slot: u32 sequence (from 1), u16 x, u16 y, little-endian.
/// 3. A write the firewall refuses loses the report (<see cref="ReportsLost"/>); with no ring the touch is lost too.
/// 4. <see cref="Reset"/> stops it (no ring) and restarts the sequence.
/// </summary>
public sealed class TouchController
{
    public const int ReportSize = 8;

    private readonly SimClock _clock;
    private readonly Trace _trace;

    public TouchController(string name, DeviceMaster master, int width, int height, SimClock clock, Trace trace)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Name = name;
        Master = master ?? throw new ArgumentNullException(nameof(master));
        Width = width;
        Height = height;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _trace = trace ?? throw new ArgumentNullException(nameof(trace));
    }

    public string Name { get; }

    public DeviceMaster Master { get; }

    /// <summary>The panel's size in touch coordinates (the screen's pixels).</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>The report ring's physical base, or null while stopped.</summary>
    public PhysAddr? RingBase { get; private set; }

    /// <summary>Report slots in the ring.</summary>
    public int RingSlots { get; private set; }

    /// <summary>Reports written since the ring was programmed (the last report's sequence number).</summary>
    public uint ReportsWritten { get; private set; }

    /// <summary>Touches lost since power-on: no ring, or a write the firewall refused.</summary>
    public long ReportsLost { get; private set; }

    /// <summary>Programs the report ring at <paramref name="ringBase"/>, <paramref name="bytes"/> long (at least one report); the sequence restarts.</summary>
    public void SetReportRing(PhysAddr ringBase, ulong bytes)
    {
        if (bytes < ReportSize || bytes > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), $"a report ring of {bytes} bytes holds no {ReportSize}-byte report (or is too large)");
        }

        RingBase = ringBase;
        RingSlots = (int)(bytes / ReportSize);
        ReportsWritten = 0;
    }

    /// <summary>Stops the controller: no ring, sequence 0.</summary>
    public void Reset()
    {
        RingBase = null;
        RingSlots = 0;
        ReportsWritten = 0;
    }

    /// <summary>A finger taps (<paramref name="x"/>, <paramref name="y"/>); true when the report reached memory.</summary>
    public bool Touch(int x, int y)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is off the {Width}x{Height} panel");
        }

        if (RingBase is not { } ringBase)
        {
            ReportsLost++;
            return false;
        }

        Span<byte> report = stackalloc byte[ReportSize];
        var sequence = ReportsWritten + 1;
        BinaryPrimitives.WriteUInt32LittleEndian(report, sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(report[4..], (ushort)x);
        BinaryPrimitives.WriteUInt16LittleEndian(report[6..], (ushort)y);
        var slot = (ulong)((sequence - 1) % (uint)RingSlots);

        // Without an IOMMU a device address is the physical address.
        var written = Master.TryWrite(new DeviceAddr(ringBase.Value + (slot * ReportSize)), report);
        if (written)
        {
            ReportsWritten = sequence;
        }
        else
        {
            ReportsLost++;
        }

        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, (ulong)x, (ulong)y, written ? 1UL : 0, "touch"));
        }

        return written;
    }

    public override string ToString() => Name;
}
