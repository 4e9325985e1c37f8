namespace Protmem.Hardware.Devices;

/// <summary>
/// The operations of the NPU's command list (docs/npu-command-list.md). A command is one 64-bit word,
/// opcode in bits [63:56] and a length or count in bits [31:0], followed by its operand words.
/// Model: a simplification of the RK3588 register-command stream, which programs CNA/CORE/DPU registers.
/// </summary>
public enum NpuOpcode : byte
{
    /// <summary>Stops the task: <c>[END]</c>.</summary>
    End = 0x00,

    /// <summary>Copies <c>len</c> bytes: <c>[COPY | len] [src] [dst]</c>.</summary>
    Copy = 0x01,

    /// <summary>Fills <c>len</c> bytes with a byte: <c>[FILL | len] [dst] [value]</c>.</summary>
    Fill = 0x02,

    /// <summary>
    /// Multiply-accumulates <c>count</c> little-endian 32-bit integers, wrapping:
    /// <c>dst[i] += a[i] * b[i]</c>: <c>[MAC | count] [a] [b] [dst]</c>.
    /// </summary>
    Mac = 0x03,

    /// <summary>Computes for <c>us</c> microseconds without touching memory: <c>[WAIT | us]</c>.</summary>
    Wait = 0x04,
}
