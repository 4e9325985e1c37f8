namespace Protmem.Hardware.Devices;

/// <summary>
/// The opcodes of the GPU's command-stream instruction set (docs/gpu-command-stream.md): bits [63:56] of
/// each 64-bit instruction. Model: a small stand-in for the CSF instruction set; PROT_REGION keeps its role.
/// </summary>
public enum CsOpcode : byte
{
    /// <summary>NOP: nothing.</summary>
    Nop = 0x00,

    /// <summary>MOV48 rd, imm48: r[d] = imm.</summary>
    Mov48 = 0x01,

    /// <summary>LOAD64 rd, [ra]: r[d] = the 8 bytes at GPU address r[a].</summary>
    Load64 = 0x02,

    /// <summary>STORE64 [ra], rb: the 8 bytes at GPU address r[a] = r[b].</summary>
    Store64 = 0x03,

    /// <summary>COPY [ra], [rb], len: len bytes from r[b] to r[a].</summary>
    Copy = 0x04,

    /// <summary>FILL [ra], rb, len: len bytes at r[a] set to the low byte of r[b].</summary>
    Fill = 0x05,

    /// <summary>PROT_REGION n: the next n instructions run in protected mode.</summary>
    ProtRegion = 0x06,

    /// <summary>WAIT us: compute for that many microseconds.</summary>
    Wait = 0x07,
}
