using System.Text;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Fs;

namespace Protmem.Kernel.Tests.Fs;

/// <summary>/sys as a program sees it: open, read, lseek and getdents64 on the test board's /sys/kernel/protmem.</summary>
public sealed class SysfsTests
{
    private const string Heaps = "/sys/kernel/protmem/heaps";
    private const string Devices = "/sys/kernel/protmem/devices";

    [Theory]
    [InlineData("/sys/kernel/protmem/heaps/nothing")]
    [InlineData("/sys/kernel/protmem/heaps/system/nothing")]
    [InlineData("/sys/kernel/protmem/heaps/../heaps/system/protected")]
    [InlineData("/system")]
    public void Open_UnknownPath_IsEnoent(string path)
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");

        Assert.Equal(-Errno.ENOENT, process.Open(path, Fcntl.O_RDONLY));
    }

    [Fact]
    public void Open_ForWriting_IsEaccesForAFileAndEisdirForADirectory()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");

        Assert.Equal(-Errno.EACCES, process.Open($"{Heaps}/system/protected", Fcntl.O_RDWR));
        Assert.Equal(-Errno.EACCES, process.Open($"{Heaps}/system/protected", Fcntl.O_WRONLY));
        Assert.Equal(-Errno.EISDIR, process.Open(Heaps, Fcntl.O_RDWR));
        Assert.Equal(0, kernel.LiveFiles);
    }

    [Fact]
    public void Open_FileWithODirectory_IsEnotdir()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");

        Assert.Equal(-Errno.ENOTDIR, process.Open($"{Heaps}/system/protected", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    }

    [Theory]
    [InlineData("system", "0\n", "none\n", "0\n", "1\n", "/dev/dma_heap/system\n")]
    [InlineData(TestMachine.CmaName, "0\n", "none\n", "1\n", "1\n", "/dev/dma_heap/linux,cma\n")]
    public void Read_HeapAttributes_GiveWhatTheBackendKnows(string heap, string isProtected, string useCase, string contiguous, string cpuMappable, string dev)
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");

        Assert.Equal(
            (isProtected, useCase, contiguous, cpuMappable, dev, "DMA_HEAP_IOCTL_ALLOC\n"),
            (ReadAll(process, $"{Heaps}/{heap}/protected"), ReadAll(process, $"{Heaps}/{heap}/use_case"), ReadAll(process, $"{Heaps}/{heap}/contiguous"),
                ReadAll(process, $"{Heaps}/{heap}/cpu_mappable"), ReadAll(process, $"{Heaps}/{heap}/dev"), ReadAll(process, $"{Heaps}/{heap}/alloc")));
    }

    [Fact]
    public void Read_DeviceHeaps_AScatteredHeapOnlyForADeviceBehindAnIommu()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");

        Assert.Equal("system\nlinux,cma\n", ReadAll(process, $"{Devices}/gpu0/heaps"));
        Assert.Equal("gpu-mmu\n", ReadAll(process, $"{Devices}/gpu0/iommu"));
        Assert.Equal("linux,cma\n", ReadAll(process, $"{Devices}/dma0/heaps"));
        Assert.Equal("none\n", ReadAll(process, $"{Devices}/dma0/iommu"));
        Assert.Equal("", ReadAll(process, $"{Devices}/dma0/dev"));
    }

    [Fact]
    public void Read_OneByteAtATime_GivesTheWholeTextThenZero()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var buf = TestMachine.MapArgs(process);
        var fd = process.Open($"{Heaps}/system/dev", Fcntl.O_RDONLY);
        var text = new StringBuilder();
        var one = new byte[1];

        long got;
        while ((got = process.Read(fd, buf, 1)) == 1)
        {
            Assert.Equal(0, process.ReadMemory(buf, one));
            text.Append((char)one[0]);
        }

        Assert.Equal(0, got);
        Assert.Equal("/dev/dma_heap/system\n", text.ToString());
        Assert.Equal(0, process.Read(fd, buf, 4096));
    }

    [Fact]
    public void Lseek_SetAndCur_MovesThePositionAndSeekEndIsEinval()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var buf = TestMachine.MapArgs(process);
        var fd = process.Open($"{Heaps}/system/dev", Fcntl.O_RDONLY);

        Assert.Equal(5, process.Lseek(fd, 5, Seek.SEEK_SET));
        Assert.Equal(8, process.Lseek(fd, 3, Seek.SEEK_CUR));
        Assert.Equal(-Errno.EINVAL, process.Lseek(fd, 0, Seek.SEEK_END));
        Assert.Equal(-Errno.EINVAL, process.Lseek(fd, -9, Seek.SEEK_CUR));
        Assert.Equal(13, process.Read(fd, buf, 4096));
        Assert.Equal(0, process.Lseek(fd, 0, Seek.SEEK_SET));
        Assert.Equal(21, process.Read(fd, buf, 4096));
    }

    [Fact]
    public void Read_BadAddressOrDirectoryOrClosedFd_ReturnsTheErrno()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var file = process.Open($"{Heaps}/system/dev", Fcntl.O_RDONLY);
        var directory = process.Open(Heaps, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);

        Assert.Equal(-Errno.EFAULT, process.Read(file, 0x10, 64));
        Assert.Equal(-Errno.EISDIR, process.Read(directory, TestMachine.MapArgs(process), 64));
        Assert.Equal(-Errno.EBADF, process.Read(99, 0x10, 64));
        Assert.Equal(0, process.Close(file));
        Assert.Equal(-Errno.EBADF, process.Read(file, 0x10, 64));
    }

    [Fact]
    public void Getdents64_Directory_ListsDotsThenEntriesInOrderThenZero()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var buf = TestMachine.MapArgs(process);
        var fd = process.Open(Heaps, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);

        var entries = Getdents(process, fd, buf, 4096);

        Assert.Equal([".", "..", TestMachine.CmaName, "system"], entries.Select(e => e.Name));
        Assert.Equal([Dirent.DT_DIR, Dirent.DT_DIR, Dirent.DT_DIR, Dirent.DT_DIR], entries.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], entries.Select(e => e.Off));
        Assert.Equal(entries.Count, entries.Select(e => e.Ino).Distinct().Count());
        Assert.Empty(Getdents(process, fd, buf, 4096));
        Assert.Equal(0, process.Lseek(fd, 0, Seek.SEEK_SET));
        Assert.Equal(4, Getdents(process, fd, buf, 4096).Count);
    }

    [Fact]
    public void Getdents64_HeapDirectory_ListsItsAttributesAsRegularFiles()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var buf = TestMachine.MapArgs(process);
        var fd = process.Open($"{Heaps}/system", Fcntl.O_RDONLY);

        var entries = Getdents(process, fd, buf, 4096).Skip(2).ToList();

        Assert.Equal(["alloc", "contiguous", "cpu_mappable", "dev", "protected", "use_case"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(Dirent.DT_REG, e.Type));
    }

    [Fact]
    public void Getdents64_BufferForOneRecord_ReturnsOneAtATimeAndTooSmallIsEinval()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var buf = TestMachine.MapArgs(process);
        var fd = process.Open(Heaps, Fcntl.O_RDONLY);

        Assert.Equal(-Errno.EINVAL, process.Getdents64(fd, buf, (ulong)Dirent.RecordLength(".") - 1));
        Assert.Equal(".", Assert.Single(Getdents(process, fd, buf, (ulong)Dirent.RecordLength("."))).Name);
        Assert.Equal("..", Assert.Single(Getdents(process, fd, buf, (ulong)Dirent.RecordLength(".."))).Name);
        Assert.Equal(-Errno.EINVAL, process.Getdents64(fd, buf, 24));
        Assert.Equal(TestMachine.CmaName, Assert.Single(Getdents(process, fd, buf, (ulong)Dirent.RecordLength(TestMachine.CmaName))).Name);
    }

    [Fact]
    public void Getdents64_FileOrBadAddressOrBadFd_ReturnsTheErrno()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var buf = TestMachine.MapArgs(process);
        var file = process.Open($"{Heaps}/system/dev", Fcntl.O_RDONLY);
        var directory = process.Open(Heaps, Fcntl.O_RDONLY);

        Assert.Equal(-Errno.ENOTDIR, process.Getdents64(file, buf, 4096));
        Assert.Equal(-Errno.EFAULT, process.Getdents64(directory, 0x10, 4096));
        Assert.Equal(-Errno.EBADF, process.Getdents64(77, buf, 4096));
        Assert.Equal(2, Getdents(process, directory, buf, 4096).Count(e => e.Name is not ("." or "..")));
    }

    [Fact]
    public void CreateFile_TakenPath_IsAKernelOops()
    {
        var kernel = TestMachine.Boot();

        var oops = Assert.Throws<KernelOopsException>(() => kernel.Sysfs.CreateFile($"{Heaps}/system/dev", () => ""));

        Assert.Contains("exists already", oops.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Close_EveryOpenedSysfsFile_LeavesNoFileBehind()
    {
        var kernel = TestMachine.Boot();
        using var process = kernel.Spawn("reader");
        var before = kernel.LiveFiles;

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("0\n", ReadAll(process, $"{Heaps}/system/protected"));
        }

        Assert.Equal(before, kernel.LiveFiles);
    }

    private static string ReadAll(Core.UserProcess process, string path)
    {
        var fd = process.Open(path, Fcntl.O_RDONLY);
        Assert.True(fd >= 0, $"open({path}): {Errno.Describe(-fd)}");
        var buf = TestMachine.MapArgs(process);
        var text = new StringBuilder();
        var chunk = new byte[4096];
        long got;
        while ((got = process.Read(fd, buf, 4096)) > 0)
        {
            Assert.Equal(0, process.ReadMemory(buf, chunk.AsSpan(0, (int)got)));
            text.Append(Encoding.UTF8.GetString(chunk, 0, (int)got));
        }

        Assert.Equal(0, got);
        Assert.Equal(0, process.Close(fd));
        Assert.Equal(0, process.Munmap(buf, 4096));
        return text.ToString();
    }

    private static IReadOnlyList<(ulong Ino, long Off, byte Type, string Name)> Getdents(Core.UserProcess process, int fd, ulong buf, ulong count)
    {
        var got = process.Getdents64(fd, buf, count);
        Assert.True(got >= 0, $"getdents64: {Errno.Describe((int)-got)}");
        var bytes = new byte[got];
        Assert.Equal(0, process.ReadMemory(buf, bytes));
        return Dirent.Parse(bytes);
    }
}
