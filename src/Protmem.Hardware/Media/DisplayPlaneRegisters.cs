namespace Protmem.Hardware.Media;

/// <summary>
/// One hardware plane (window) of the display controller: an NV12 source in memory at device addresses, its
/// size and pitch, and where it lands on the screen. <see cref="SolidBlack"/> makes the plane emit black without
/// fetching anything (the "force black" path drivers use for content the plane may not show).
/// </summary>
public sealed class DisplayPlaneRegisters
{
    public bool Enabled { get; set; }

    /// <summary>Emit black over the plane's area instead of fetching its buffer.</summary>
    public bool SolidBlack { get; set; }

    /// <summary>The Y plane's device address.</summary>
    public DeviceAddr LumaAddress { get; set; }

    /// <summary>The interleaved CbCr plane's device address.</summary>
    public DeviceAddr ChromaAddress { get; set; }

    /// <summary>Bytes per row of the Y plane.</summary>
    public uint Pitch { get; set; }

    /// <summary>Bytes per row of the CbCr plane.</summary>
    public uint ChromaPitch { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>The plane's left edge on the screen.</summary>
    public int X { get; set; }

    /// <summary>The plane's top edge on the screen.</summary>
    public int Y { get; set; }
}
