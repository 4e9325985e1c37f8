using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;
using Protmem.Userspace.Xtest;

namespace Protmem.Userspace.Fuzz;

/// <summary>
/// The grammar of the whole ABI, drawn from one seeded generator: heap opens and allocations, dma-buf
/// ioctls, mmap/munmap and CPU accesses, TEE ioctls (version, shm alloc and register-fd, open session to
/// the SDP TA, the test pTA or a random UUID, invoke with value and memref parameters, close), each
/// well-formed or mutated (bytes flipped, sizes and pointers wild), read/write/poll/lseek, fds, addresses
/// and shm ids of other processes, process exit and respawn. Arguments aim mostly at what the processes
/// hold, sometimes anywhere.
/// </summary>
internal sealed class FuzzGenerator(Random random, IReadOnlyList<string> heaps)
{
    /// <summary>Where a nested ioctl payload (open session, invoke) sits in the scratch page, after its tee_ioctl_buf_data.</summary>
    public const int PayloadOffset = 64;

    private static readonly uint[] Requests =
    [
        DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_IOCTL_SYNC, Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_SET_NAME, Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE,
        Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, Uapi.Tee.TeeIoctl.TEE_IOC_VERSION, Uapi.Tee.TeeIoctl.TEE_IOC_SHM_ALLOC, Uapi.Tee.TeeIoctl.TEE_IOC_OPEN_SESSION,
        Uapi.Tee.TeeIoctl.TEE_IOC_INVOKE, Uapi.Tee.TeeIoctl.TEE_IOC_CANCEL, Uapi.Tee.TeeIoctl.TEE_IOC_CLOSE_SESSION, Uapi.Tee.TeeIoctl.TEE_IOC_SUPPL_RECV, Uapi.Tee.TeeIoctl.TEE_IOC_SUPPL_SEND,
        Uapi.Tee.TeeIoctl.TEE_IOC_SHM_REGISTER_FD, Uapi.Tee.TeeIoctl.TEE_IOC_SHM_REGISTER, Uapi.Tee.TeeIoctl.TEE_IOC_RSTMEM_ALLOC,
    ];

    private static readonly ulong[] Lengths = [0, 1, 17, 4095, 4096, 8192, 65536, 1 << 20, 4 << 20, 1UL << 40, ulong.MaxValue, ulong.MaxValue - 4095];

    private static readonly TeeUuid[] Targets = [SdpTrustedApps.SdpBasicTa, SdpTrustedApps.InvokeTestsPta];

    /// <summary>The next op for one of <paramref name="session"/>'s <paramref name="slots"/> slots.</summary>
    public FuzzOp Next(FuzzSession session, int slots)
    {
        var slot = random.Next(slots);
        if (session.Process(slot) is not { } p)
        {
            return new FuzzOp(slot, FuzzOpKind.Spawn);
        }

        var roll = random.Next(1000);
        return roll switch
        {
            < 4 => new FuzzOp(slot, FuzzOpKind.Exit),
            < 90 => new FuzzOp(slot, FuzzOpKind.Open, A: OpenFlags(), Path: Path()),
            < 150 => new FuzzOp(slot, FuzzOpKind.Close, Fd(session, p)),
            < 180 => new FuzzOp(slot, FuzzOpKind.Dup, Fd(session, p)),
            < 330 => HeapAlloc(session, slot, p),
            < 400 => DmaBufOp(session, slot, p),
            < 620 => TeeOp(session, slot, p),
            < 660 => Mutated(session, slot, p),
            < 680 => new FuzzOp(slot, FuzzOpKind.IoctlValue, Fd(session, p), Requests[random.Next(Requests.Length)], (long)Address(p)),
            < 780 => new FuzzOp(slot, FuzzOpKind.Mmap, 0, (long)Length(), Prot(), random.Next(4) == 0 ? Mman.MAP_PRIVATE : Mman.MAP_SHARED, Fd(session, p)),
            < 830 => Munmap(slot, p),
            < 880 => new FuzzOp(slot, FuzzOpKind.Peek, (long)Address(p), random.Next(3) == 0 ? 4096 : 64),
            < 930 => new FuzzOp(slot, FuzzOpKind.Poke, (long)Address(p), random.Next(3) == 0 ? 4096 : 64),
            < 950 => new FuzzOp(slot, FuzzOpKind.Lseek, Fd(session, p), random.Next(3) == 0 ? random.NextInt64() : 0, random.Next(5)),
            < 965 => new FuzzOp(slot, FuzzOpKind.Read, Fd(session, p), random.Next(4096)),
            < 980 => new FuzzOp(slot, FuzzOpKind.Write, Fd(session, p), random.Next(4096)),
            _ => new FuzzOp(slot, FuzzOpKind.Poll, Fd(session, p), random.Next(3) == 0 ? random.Next(0x10000) : 0x1),
        };
    }

    private string Path() => random.Next(10) switch
    {
        < 6 when heaps.Count > 0 => $"/dev/dma_heap/{heaps[random.Next(heaps.Count)]}",
        < 9 => "/dev/tee0",
        _ => random.Next(3) switch { 0 => "/dev/teepriv0", 1 => "/dev/dma_heap/nope", _ => "/dev/dma_heap" },
    };

    private long OpenFlags() => random.Next(8) == 0 ? random.Next() : random.Next(2) == 0 ? Fcntl.O_RDWR : Fcntl.O_RDONLY | Fcntl.O_CLOEXEC;

    private int Prot() => random.Next(4) switch { 0 => Mman.PROT_READ, 1 => Mman.PROT_READ | Mman.PROT_WRITE, 2 => 0, _ => random.Next(16) };

    private ulong Length() => random.Next(3) == 0 ? (ulong)random.Next(1, 1 << 22) : Lengths[random.Next(Lengths.Length)];

    /// <summary>Mostly one of the process's fds; sometimes another process's, or any number.</summary>
    private int Fd(FuzzSession session, FuzzProcess p)
    {
        var roll = random.Next(10);
        if (roll < 7 && p.Fds.Count > 0)
        {
            return p.Fds[random.Next(p.Fds.Count)];
        }

        if (roll < 9 && session.Live.SelectMany(o => o.Fds).ToList() is { Count: > 0 } all)
        {
            return all[random.Next(all.Count)];
        }

        return random.Next(-2, 40);
    }

    private ulong Address(FuzzProcess p)
    {
        var roll = random.Next(10);
        if (roll < 7 && p.Mappings.Count > 0)
        {
            var (address, length) = p.Mappings[random.Next(p.Mappings.Count)];
            return address + (length > 1 ? (ulong)random.NextInt64((long)Math.Min(length, 1UL << 30)) & ~0xfffUL : 0);
        }

        return roll < 9 ? p.Scratch + (ulong)random.Next(8192) : (ulong)random.NextInt64();
    }

    private FuzzOp Munmap(int slot, FuzzProcess p)
    {
        if (p.Mappings.Count > 0 && random.Next(4) != 0)
        {
            var (address, length) = p.Mappings[random.Next(p.Mappings.Count)];
            return new FuzzOp(slot, FuzzOpKind.Munmap, (long)address, (long)length);
        }

        return new FuzzOp(slot, FuzzOpKind.Munmap, (long)Address(p), (long)Length());
    }

    private FuzzOp HeapAlloc(FuzzSession session, int slot, FuzzProcess p)
    {
        var data = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(data, random.Next(3) == 0 ? Length() : (ulong)random.Next(1, 64) * 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(12), random.Next(6) == 0 ? (uint)random.Next() : (uint)(Fcntl.O_RDWR | Fcntl.O_CLOEXEC));
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), random.Next(10) == 0 ? (ulong)random.Next() : 0);
        return new FuzzOp(slot, FuzzOpKind.Ioctl, Fd(session, p), DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, Bytes: data);
    }

    private FuzzOp DmaBufOp(FuzzSession session, int slot, FuzzProcess p)
    {
        var data = new byte[16];
        switch (random.Next(4))
        {
            case 0 or 1:
                BinaryPrimitives.WriteUInt64LittleEndian(data, random.Next(4) == 0 ? (ulong)random.Next() : (ulong)(random.Next(2) * 4 | (random.Next(3) + 1)));
                return new FuzzOp(slot, FuzzOpKind.Ioctl, Fd(session, p), Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_IOCTL_SYNC, Bytes: data[..8]);
            case 2:
                BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)random.Next(1, 4));
                return new FuzzOp(slot, FuzzOpKind.Ioctl, Fd(session, p), Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, Bytes: data[..8]);
            default:
                BinaryPrimitives.WriteUInt64LittleEndian(data, p.Scratch + 32);
                return new FuzzOp(slot, FuzzOpKind.Ioctl, Fd(session, p), Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_SET_NAME, Bytes: [.. data[..8], .. new byte[24], .. "fuzz\0"u8.ToArray()]);
        }
    }

    private FuzzOp TeeOp(FuzzSession session, int slot, FuzzProcess p)
    {
        var fd = Fd(session, p);
        switch (random.Next(8))
        {
            case 0:
                return new FuzzOp(slot, FuzzOpKind.Ioctl, fd, Uapi.Tee.TeeIoctl.TEE_IOC_VERSION, Bytes: new byte[12]);
            case 1:
                {
                    var data = new byte[16];
                    BinaryPrimitives.WriteUInt64LittleEndian(data, random.Next(3) == 0 ? Length() : (ulong)random.Next(1, 65536));
                    return new FuzzOp(slot, FuzzOpKind.Ioctl, fd, Uapi.Tee.TeeIoctl.TEE_IOC_SHM_ALLOC, Bytes: data);
                }

            case 2:
                {
                    var data = new byte[24];
                    BinaryPrimitives.WriteInt64LittleEndian(data, Fd(session, p));
                    return new FuzzOp(slot, FuzzOpKind.Ioctl, fd, Uapi.Tee.TeeIoctl.TEE_IOC_SHM_REGISTER_FD, Bytes: data);
                }

            case 3 or 4:
                return OpenSession(slot, fd, p);
            case 5 or 6:
                return Invoke(session, slot, fd, p);
            default:
                {
                    var data = new byte[4];
                    BinaryPrimitives.WriteUInt32LittleEndian(data, p.Sessions.Count > 0 && random.Next(4) != 0 ? p.Sessions[random.Next(p.Sessions.Count)] : (uint)random.Next(8));
                    return new FuzzOp(slot, FuzzOpKind.Ioctl, fd, Uapi.Tee.TeeIoctl.TEE_IOC_CLOSE_SESSION, Bytes: data);
                }
        }
    }

    private FuzzOp OpenSession(int slot, int fd, FuzzProcess p)
    {
        var parameters = random.Next(4) == 0 ? random.Next(5) : 0;
        var payload = new byte[TeeIoctlOpenSessionArg.Size + (parameters * TeeIoctlParam.Size)];
        var uuid = random.Next(6) == 0 ? TeeUuid.FromOctets(RandomBytes(16)) : Targets[random.Next(Targets.Length)];
        uuid.WriteOctets(payload);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(32), random.Next(5) == 0 ? (uint)random.Next(8) : Uapi.Tee.TeeIoctl.TEE_IOCTL_LOGIN_PUBLIC);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(52), (uint)parameters);
        FillParams(payload.AsSpan(TeeIoctlOpenSessionArg.Size), parameters, p);
        return new FuzzOp(slot, FuzzOpKind.Ioctl, fd, Uapi.Tee.TeeIoctl.TEE_IOC_OPEN_SESSION, Bytes: WithBufData(p, payload));
    }

    private FuzzOp Invoke(FuzzSession session, int slot, int fd, FuzzProcess p)
    {
        var parameters = random.Next(5);
        var payload = new byte[TeeIoctlInvokeArg.Size + (parameters * TeeIoctlParam.Size)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)random.Next(8));
        var sessions = session.Live.SelectMany(o => o.Sessions).ToList();
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), p.Sessions.Count > 0 && random.Next(5) != 0 ? p.Sessions[random.Next(p.Sessions.Count)]
            : sessions.Count > 0 ? sessions[random.Next(sessions.Count)] : (uint)random.Next(8));
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(20), (uint)parameters);
        FillParams(payload.AsSpan(TeeIoctlInvokeArg.Size), parameters, p);
        return new FuzzOp(slot, FuzzOpKind.Ioctl, fd, Uapi.Tee.TeeIoctl.TEE_IOC_INVOKE, Bytes: WithBufData(p, payload));
    }

    /// <summary>Value parameters, or memrefs naming shm ids (this process's, another's, or any number) with offsets and sizes.</summary>
    private void FillParams(Span<byte> into, int count, FuzzProcess p)
    {
        for (var i = 0; i < count; i++)
        {
            var param = into.Slice(i * TeeIoctlParam.Size, TeeIoctlParam.Size);
            var memref = random.Next(2) == 0;
            var attr = memref ? (ulong)random.Next(5, 8) : (ulong)random.Next(0, 4);
            BinaryPrimitives.WriteUInt64LittleEndian(param, random.Next(12) == 0 ? (ulong)random.Next(0x300) : attr);
            if (memref)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(param[8..], random.Next(3) == 0 ? (ulong)random.Next(8192) : 0);
                BinaryPrimitives.WriteUInt64LittleEndian(param[16..], random.Next(3) == 0 ? Length() : (ulong)random.Next(4096));
                BinaryPrimitives.WriteUInt64LittleEndian(param[24..], p.ShmIds.Count > 0 && random.Next(4) != 0 ? (ulong)p.ShmIds[random.Next(p.ShmIds.Count)] : (ulong)random.Next(-1, 8));
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(param[8..], (ulong)random.NextInt64());
            }
        }
    }

    /// <summary>tee_ioctl_buf_data at the scratch page's start pointing at the payload after it (sometimes a wild pointer or length).</summary>
    private byte[] WithBufData(FuzzProcess p, byte[] payload)
    {
        var bytes = new byte[PayloadOffset + payload.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, random.Next(20) == 0 ? (ulong)random.NextInt64() : p.Scratch + PayloadOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), random.Next(20) == 0 ? (ulong)random.Next(256) : (ulong)payload.Length);
        payload.CopyTo(bytes.AsSpan(PayloadOffset));
        return bytes;
    }

    /// <summary>A well-formed ioctl of any kind with bytes flipped, or random bytes under a known or random request.</summary>
    private FuzzOp Mutated(FuzzSession session, int slot, FuzzProcess p)
    {
        var op = random.Next(2) == 0 ? TeeOp(session, slot, p) : HeapAlloc(session, slot, p);
        var bytes = op.Bytes is { Length: > 0 } b ? (byte[])b.Clone() : RandomBytes(64);
        for (var flips = random.Next(1, 4); flips > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        var request = random.Next(8) == 0 ? Ioctl._IOC((uint)random.Next(4), (uint)random.Next(256), (uint)random.Next(16), (uint)random.Next(128)) : (uint)op.B;
        return op with { B = request, Bytes = bytes };
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
