using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Devices;

/// <summary>
/// One command stream's execution state as the firmware keeps it for a queue (CS_INSTR_BASE, the
/// instruction pointer, the 16 registers): where it is in its stream, so that a stream stopped at a
/// PROT_REGION resumes where it stopped.
/// </summary>
public sealed class CsContext
{
    /// <summary>Registers r0..r15.</summary>
    public const int RegisterCount = 16;

    public CsContext(DeviceAddr stream, uint sizeBytes)
    {
        Stream = stream;
        SizeBytes = sizeBytes;
    }

    /// <summary>The stream's GPU address.</summary>
    public DeviceAddr Stream { get; }

    /// <summary>The stream's length in bytes (8 per instruction).</summary>
    public uint SizeBytes { get; }

    /// <summary>Index of the next instruction.</summary>
    public uint Pc { get; internal set; }

    /// <summary>Instructions left to run in protected mode after a PROT_REGION was admitted.</summary>
    public uint ProtectedLeft { get; internal set; }

    /// <summary>The registers.</summary>
    public ulong[] Registers { get; } = new ulong[RegisterCount];

    /// <summary>Instructions in the stream.</summary>
    public uint InstructionCount => SizeBytes / 8;
}
