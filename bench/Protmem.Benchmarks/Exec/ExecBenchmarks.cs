using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Platform.Exec;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;

namespace Protmem.Benchmarks.Exec;

/// <summary>
/// <c>protmem exec</c> as a real program sees it, against the in-process C# program doing the same work on
/// <c>qemu-virt</c>: a trivial ioctl (TEE_IOC_VERSION on /dev/tee0) and a 1 MiB mmap + SYNC_START + memset
/// + SYNC_END + munmap cycle. The real program (Exec/exec_bench_client.c, built with gcc) does each
/// operation <see cref="Batch"/> times per command it reads from a FIFO, so the FIFO round trip is shared out.
/// These are means; Exec/exec_latency.c times each operation in the program for the median and the tail
/// (<c>protmem exec -- ./exec_latency ioctl 100000</c>, <c>... map 300</c>).
/// </summary>
public class ExecBenchmarks
{
    private const int Batch = 200;
    private const int MapBatch = 16;
    private const int MiB = 1 << 20;

    private readonly byte[] _command = new byte[1];
    private readonly byte[] _page = new byte[MiB];
    private string _directory = null!;
    private Task<ExecResult> _ioctlRun = null!;
    private Task<ExecResult> _mapRun = null!;
    private FileStream _ioctlCommands = null!;
    private FileStream _ioctlAnswers = null!;
    private FileStream _mapCommands = null!;
    private FileStream _mapAnswers = null!;
    private Machine _machine = null!;
    private ISyscalls _process = null!;
    private int _buffer;
    private int _tee;
    private ulong _version;
    private ulong _syncStart;
    private ulong _syncEnd;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"protmem-exec-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(_directory);
        var client = Path.Combine(_directory, "exec_bench_client");
        Run("gcc", "-O2", "-o", client, Path.Combine(AppContext.BaseDirectory, "Exec", "exec_bench_client.c"));
        (_ioctlRun, _ioctlCommands, _ioctlAnswers) = StartClient(client, "ioctl", Batch);
        (_mapRun, _mapCommands, _mapAnswers) = StartClient(client, "map", MapBatch);

        _machine = Machine.Boot("qemu-virt");
        _process = _machine.Spawn("bench");
        var heap = _process.Open(DmaHeapIoctl.DevicePrefix + "system", Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
        var args = (ulong)_process.Mmap(0, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Span<byte> bytes = stackalloc byte[DmaHeapAllocationData.Size];
        new DmaHeapAllocationData { Len = MiB, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC }.Write(bytes);
        _process.WriteMemory(args, bytes);
        _process.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args);
        _process.ReadMemory(args, bytes);
        _buffer = (int)DmaHeapAllocationData.Read(bytes).Fd;
        _tee = _process.Open("/dev/tee0", Fcntl.O_RDWR);
        _version = args + 256;
        _syncStart = args + 64;
        _syncEnd = args + 128;
        Span<byte> sync = stackalloc byte[DmaBufSync.Size];
        new DmaBufSync { Flags = DmaBufIoctl.DMA_BUF_SYNC_START | DmaBufIoctl.DMA_BUF_SYNC_RW }.Write(sync);
        _process.WriteMemory(_syncStart, sync);
        new DmaBufSync { Flags = DmaBufIoctl.DMA_BUF_SYNC_END | DmaBufIoctl.DMA_BUF_SYNC_RW }.Write(sync);
        _process.WriteMemory(_syncEnd, sync);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (commands, run) in new[] { (_ioctlCommands, _ioctlRun), (_mapCommands, _mapRun) })
        {
            commands.WriteByte((byte)'q');
            commands.Flush();
            run.Wait();
        }

        _ioctlCommands.Dispose();
        _ioctlAnswers.Dispose();
        _mapCommands.Dispose();
        _mapAnswers.Dispose();
        _machine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One TEE_IOC_VERSION from a real program under exec (goal: at most 10 µs).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void ExecIoctlRoundTrip() => Command(_ioctlCommands, _ioctlAnswers, 'i');

    /// <summary>The same ioctl from the in-process C# program.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void InProcessIoctl()
    {
        for (var i = 0; i < Batch; i++)
        {
            _process.Ioctl(_tee, TeeIoctl.TEE_IOC_VERSION, _version);
        }
    }

    /// <summary>mmap 1 MiB + SYNC_START + memset + SYNC_END + munmap from a real program under exec.</summary>
    [Benchmark(OperationsPerInvoke = MapBatch)]
    public void ExecMap1MiBCycle() => Command(_mapCommands, _mapAnswers, 'm');

    /// <summary>The same cycle from the in-process C# program (its memset is a WriteMemory of 1 MiB).</summary>
    [Benchmark(OperationsPerInvoke = MapBatch)]
    public void InProcessMap1MiBCycle()
    {
        for (var i = 0; i < MapBatch; i++)
        {
            var map = (ulong)_process.Mmap(0, MiB, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, _buffer, 0);
            _process.Ioctl(_buffer, DmaBufIoctl.DMA_BUF_IOCTL_SYNC, _syncStart);
            _page.AsSpan().Fill((byte)i);
            _process.WriteMemory(map, _page);
            _process.Ioctl(_buffer, DmaBufIoctl.DMA_BUF_IOCTL_SYNC, _syncEnd);
            _process.Munmap(map, MiB);
        }
    }

    private void Command(FileStream commands, FileStream answers, char command)
    {
        _command[0] = (byte)command;
        commands.Write(_command);
        commands.Flush();
        if (answers.Read(_command) != 1)
        {
            throw new InvalidOperationException("the exec benchmark client stopped");
        }
    }

    private (Task<ExecResult> Run, FileStream Commands, FileStream Answers) StartClient(string client, string name, int batch)
    {
        var commands = Path.Combine(_directory, name + ".cmd");
        var answers = Path.Combine(_directory, name + ".ack");
        Run("mkfifo", commands, answers);
        var run = Task.Run(() => ExecSession.Run(new ExecOptions
        {
            Command = [client, commands, answers, batch.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Diagnostics = Console.Error,
        }));
        var commandStream = new FileStream(commands, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        var answerStream = new FileStream(answers, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        return (run, commandStream, answerStream);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with {process.ExitCode}");
        }
    }
}
