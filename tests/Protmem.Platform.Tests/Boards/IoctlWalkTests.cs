using System.Reflection;
using Protmem.Platform.Boards;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;
using Protmem.Userspace;

namespace Protmem.Platform.Tests.Boards;

/// <summary>
/// Every ioctl number the model knows, and random ones, on every kind of fd a board offers (each device
/// node, a dma-buf of every heap, a sync file, a TEE shm fd, a registered user buffer, a registered
/// dma-buf), each with an argument the call can and cannot use (null, unmapped, zeroed, random bytes,
/// read-only, a random address): no call throws, every result is a value or -errno, the machine keeps
/// its invariants and is safe, and nothing outlives the processes.
/// </summary>
public class IoctlWalkTests
{
    private const int RandomNumbers = 64;

    public static TheoryData<string> Boards => [.. PlatformCatalog.Platforms.Select(p => p.Name)];

    /// <summary>Every ioctl-number constant of the uapi catalogue (an ioctl type byte set).</summary>
    private static IReadOnlyList<uint> KnownNumbers { get; } =
    [
        .. UapiAbi.ConstantClasses
            .Where(t => t != typeof(Ioctl))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(uint))
            .Select(f => (uint)f.GetRawConstantValue()!)
            .Where(n => Ioctl._IOC_TYPE(n) != 0)
            .Distinct()
            .Order(),
    ];

    [Theory]
    [MemberData(nameof(Boards))]
    public void EveryFdEveryNumber_NeverThrowsAndLeavesTheMachineSafe(string board)
    {
        using var machine = Machine.Boot(board);
        var boot = machine.Resources;
        var sys = machine.Spawn("walker");
        var random = new Random(0x10c7);
        var fds = OpenEveryKindOfFd(machine, sys);
        var arguments = Arguments(sys, random);
        var highest = fds.Max(f => f.Fd);
        var numbers = KnownNumbers.Concat(Enumerable.Range(0, RandomNumbers).Select(_ => (uint)random.NextInt64(0, 1L << 32))).ToList();

        var calls = 0;
        foreach (var (fd, kind) in fds)
        {
            foreach (var number in numbers)
            {
                foreach (var (arg, what) in arguments)
                {
                    int result;
                    try
                    {
                        result = sys.Ioctl(fd, number, arg);
                    }
                    catch (Exception e)
                    {
                        throw new Xunit.Sdk.XunitException($"{board}: ioctl({kind} fd {fd}, 0x{number:x8}, {what}) threw {e.GetType().Name}: {e.Message}");
                    }

                    Assert.True(result >= -4095, $"{board}: ioctl({kind}, 0x{number:x8}, {what}) returned {result}");

                    calls++;
                    CloseNewFds(sys, highest);
                }
            }
        }

        Assert.True(calls > 1000);

        // rk3588 models mainline's direct-map hazard: while a region is lent it stays in the linear map,
        // which that SoC declares fatal (spec/tee.md). That is the board's documented finding, not the walk's.
        var hazardBoard = machine.Soc.SpeculativeAccessToFirewalledPageIsFatal;
        if (!hazardBoard)
        {
            machine.CheckInvariants();
        }

        var during = machine.CheckSafety().Findings.Where(f => !hazardBoard || !f.StartsWith("speculative-access hazard", StringComparison.Ordinal)).ToList();
        Assert.True(during.Count == 0, string.Join("\n", during));
        machine.Dispose();
        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
        machine.CheckInvariants();
        Assert.Equal(boot.WithoutIommuTables() with { Processes = 0 }, machine.Resources.WithoutIommuTables() with { Processes = 0 });
    }

    /// <summary>fds created by a call (a merge, an allocation) are closed again, so the walk never runs out.</summary>
    private static void CloseNewFds(ISyscalls sys, int highest)
    {
        for (var fd = highest + 1; fd < highest + 8; fd++)
        {
            sys.Close(fd);
        }
    }

    private static List<(int Fd, string Kind)> OpenEveryKindOfFd(Machine machine, ISyscalls sys)
    {
        var fds = new List<(int, string)>();
        using var args = UserBuffer.Map(sys, 4096);
        foreach (var node in machine.DeviceNodes)
        {
            var fd = sys.Open(node, Fcntl.O_RDWR);
            if (fd >= 0)
            {
                fds.Add((fd, node));
            }
        }

        foreach (var heap in machine.DmaHeapNames)
        {
            var heapFd = sys.Open(DmaHeapIoctl.DevicePrefix + heap, Fcntl.O_RDWR);
            var alloc = new DmaHeapAllocationData { Len = 64 * 1024, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC };
            if (args.Ioctl(heapFd, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, ref alloc) == 0)
            {
                fds.Add(((int)alloc.Fd, $"dma-buf of {heap}"));
            }

            sys.Close(heapFd);
        }

        var systemBuf = fds.First(f => f.Item2 == "dma-buf of system").Item1;
        var export = new DmaBufExportSyncFile { Flags = (uint)DmaBufIoctl.DMA_BUF_SYNC_RW };
        Assert.Equal(0, args.Ioctl(systemBuf, DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ref export));
        fds.Add((export.Fd, "sync_file"));

        var tee = fds.FirstOrDefault(f => f.Item2 == "/dev/tee0").Item1;
        if (machine.HasTee)
        {
            var shm = new TeeIoctlShmAllocData { ShmSize = 8192 };
            var shmFd = args.Ioctl(tee, TeeIoctl.TEE_IOC_SHM_ALLOC, ref shm);
            Assert.True(shmFd >= 0, Errno.Describe(-shmFd));
            fds.Add((shmFd, "TEE shm"));

            var user = UserBuffer.Map(sys, 8192);
            var register = new TeeIoctlShmRegisterData { Addr = user.Address, Length = user.Length };
            var registered = args.Ioctl(tee, TeeIoctl.TEE_IOC_SHM_REGISTER, ref register);
            Assert.True(registered >= 0, Errno.Describe(-registered));
            fds.Add((registered, "registered user memory"));

            foreach (var (fd, kind) in fds.Where(f => f.Item2.StartsWith("dma-buf", StringComparison.Ordinal)).ToList())
            {
                var byFd = new TeeIoctlShmRegisterFdData { Fd = fd };
                var registeredFd = args.Ioctl(tee, TeeIoctl.TEE_IOC_SHM_REGISTER_FD, ref byFd);
                if (registeredFd >= 0)
                {
                    fds.Add((registeredFd, $"registered {kind}"));
                }
            }
        }

        return fds;
    }

    private static List<(ulong Arg, string What)> Arguments(ISyscalls sys, Random random)
    {
        var zeroed = UserBuffer.Map(sys, 3 * 4096);
        var noise = UserBuffer.Map(sys, 3 * 4096);
        var bytes = new byte[noise.Length];
        random.NextBytes(bytes);
        noise.Write(0, bytes);
        var readOnly = sys.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Assert.True(readOnly > 0);
        return
        [
            (0, "NULL"),
            (0x10, "an unmapped address"),
            (zeroed.Address + 4096, "zeroed memory"),
            (noise.Address + 4096, "random bytes"),
            ((ulong)readOnly, "read-only memory"),
            ((ulong)random.NextInt64(), "a random address"),
            (zeroed.Address + (3 * 4096) - 8, "8 bytes before the end of a mapping"),
        ];
    }
}
