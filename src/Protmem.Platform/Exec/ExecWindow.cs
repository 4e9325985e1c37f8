namespace Protmem.Platform.Exec;

/// <summary>
/// Program memory that came with a request (struct pm_window in interposer/protocol.h): the bytes at
/// [<see cref="Address"/>, +<see cref="Length"/>) when the interposer read them, so copy_from_user and
/// copy_to_user there need no process_vm_readv/writev. What the model writes is sent back with the reply.
/// </summary>
internal sealed class ExecWindow
{
    public const int HeaderSize = 16;
    public const uint WritableFlag = 1;

    public byte[] Data { get; private set; } = new byte[256];

    public ulong Address { get; private set; }

    public int Length { get; private set; }

    /// <summary>Whether the program's memory there is writable (the interposer checked), so writes land here.</summary>
    public bool Writable { get; private set; }

    /// <summary>The bytes written so far: [DirtyStart, DirtyEnd), empty when DirtyEnd is 0.</summary>
    public int DirtyStart { get; private set; }

    public int DirtyEnd { get; private set; }

    public void Load(ulong address, ReadOnlySpan<byte> bytes, bool writable)
    {
        Address = address;
        Length = bytes.Length;
        Writable = writable;
        DirtyStart = 0;
        DirtyEnd = 0;
        if (Data.Length < bytes.Length)
        {
            Data = new byte[Math.Max(bytes.Length, 2 * Data.Length)];
        }

        bytes.CopyTo(Data);
    }

    /// <summary>Whether <paramref name="address"/> lies inside.</summary>
    public bool Contains(ulong address) => address - Address < (ulong)Length;

    /// <summary>Whether any byte of [start, start + length) lies inside.</summary>
    public bool Overlaps(ulong start, ulong length) => Address < start + length && start < Address + (ulong)Length;

    /// <summary>Notes that [offset, offset + length) was written.</summary>
    public void Written(int offset, int length)
    {
        DirtyStart = DirtyEnd == 0 ? offset : Math.Min(DirtyStart, offset);
        DirtyEnd = Math.Max(DirtyEnd, offset + length);
    }
}
