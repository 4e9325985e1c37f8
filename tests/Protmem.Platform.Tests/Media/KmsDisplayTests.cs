using System.Buffers.Binary;
using System.IO.Compression;
using Protmem.Hardware;
using Protmem.Platform.Media;
using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Kms;

namespace Protmem.Platform.Tests.Media;

/// <summary>
/// The KMS display of rk3588 driven by a program through /dev/dri/card0: what the screen shows (its CRC against
/// the CRC-32 of the frame the test composes itself, and the monitor's PNG), protected framebuffers on the
/// window allowed to show them and on one that is not, Linux's errno for bad requests, and the release of
/// everything at close, each with the whole-machine check.
/// </summary>
public sealed class KmsDisplayTests
{
    private const int ImageWidth = 64;
    private const int ImageHeight = 32;
    private const int PlaneX = 32;
    private const int PlaneY = 16;
    private const ulong BufferSize = 4096;

    [Fact]
    public void Card0_Rk3588_IsTheRockchipDisplayAndVgemIsCard1()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        var p = machine.Spawn("probe");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open("/dev/dri/card0", Fcntl.O_RDWR);
        var version = new DrmVersion { NameLen = 16, Name = args.AddressOf(1024) };
        Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_VERSION, ref version, 0));
        var name = new byte[version.NameLen];
        args.Read(1024, name);
        Assert.Equal("rockchip", System.Text.Encoding.ASCII.GetString(name));
        Assert.Contains("/dev/dri/card1", machine.DeviceNodes);
    }

    [Fact]
    public void Show_SystemHeapNv12_CrcEqualsTheCrcOfTheComposedFrame()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        var p = machine.Spawn("kms");
        using var heaps = new DmaHeapLibrary(p);
        using var heap = heaps.OpenHeap("system");
        using var buffer = heap.Allocate(BufferSize);
        var image = TestImage();
        using (var map = buffer.Map())
        {
            map.Write(0, image);
        }

        using var kms = KmsClient.Open(p);
        kms.Initialise();
        var (crtc, connector, planes) = Pipeline(kms);
        Assert.Equal(0, kms.TryImport(buffer.Fd, out var handle));
        Assert.Equal(0, kms.TryAddFbNv12(handle, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out var fb));
        Assert.Equal(0, kms.TryShow(crtc, connector, planes[0], Mode720p(kms, connector), fb, ImageWidth, ImageHeight, PlaneX, PlaneY));

        var expected = System.IO.Hashing.Crc32.HashToUInt32(Compose(1280, 720, image, PlaneX, PlaneY));
        var crcs = kms.ReadCrcs();
        Assert.Equal((1u, expected), Assert.Single(crcs));
        Assert.False(machine.Display!.LastFrame!.Faulted);
        machine.CheckInvariants();
    }

    [Fact]
    public void Monitor_AfterShow_PngHasTheScreenSizeAndThePlanePixels()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        var p = machine.Spawn("kms");
        using var heaps = new DmaHeapLibrary(p);
        using var heap = heaps.OpenHeap("system");
        using var buffer = heap.Allocate(BufferSize);
        var image = TestImage();
        using (var map = buffer.Map())
        {
            map.Write(0, image);
        }

        using var kms = KmsClient.Open(p);
        kms.Initialise();
        var (crtc, connector, planes) = Pipeline(kms);
        Assert.Equal(0, kms.TryImport(buffer.Fd, out var handle));
        Assert.Equal(0, kms.TryAddFbNv12(handle, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out var fb));
        Assert.Equal(0, kms.TryShow(crtc, connector, planes[0], Mode720p(kms, connector), fb, ImageWidth, ImageHeight, PlaneX, PlaneY));

        var path = Path.Combine(Path.GetTempPath(), $"protmem-monitor-{Environment.ProcessId}.png");
        machine.SaveScreen(path);
        var (width, height, rgb) = DecodePng(File.ReadAllBytes(path));
        File.Delete(path);
        Assert.Equal((1280, 720), (width, height));
        Assert.Equal(MonitorImage.Nv12ToRgb(Compose(1280, 720, image, PlaneX, PlaneY), 1280, 720), rgb);
        Assert.Equal(new byte[] { 0, 0, 0 }, rgb.AsSpan(0, 3).ToArray());
        var inside = ((PlaneY + 1) * 1280 + PlaneX + 1) * 3;
        Assert.NotEqual(new byte[] { 0, 0, 0 }, rgb.AsSpan(inside, 3).ToArray());
    }

    [Fact]
    public void Show_ProtectedBufferOnTheProtectedWindow_ScansOutItsContentAndTheCpuCannotReachIt()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap());
        var (kms, buffer, heaps, fb, crtc, connector, planes) = ProtectedSetup(machine, out var image);
        using (heaps)
        using (buffer)
        using (kms)
        {
            Assert.Equal(0, kms.TryShow(crtc, connector, planes[0], Mode720p(kms, connector), fb, ImageWidth, ImageHeight, PlaneX, PlaneY));
            var expected = System.IO.Hashing.Crc32.HashToUInt32(Compose(1280, 720, image, PlaneX, PlaneY));
            Assert.Equal(expected, kms.ReadCrcs().Single().Crc);
            Assert.Empty(machine.DisplayEvents);
            var backing = machine.Vop!.Config.Framebuffers.Single(f => f.Id == fb).Objects[0].Backing;
            var cpu = machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read);
            Assert.DoesNotContain(cpu, r => backing.Any(b => r.Overlaps(b)));
            Assert.False(buffer.TryMap(out _, out _, Mman.PROT_READ));
            machine.CheckInvariants();
            Assert.True(machine.CheckSafety().Passed);
        }
    }

    [Fact]
    public void Show_ProtectedBufferOnAnOverlay_ShowsBlackAndIsReported()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap());
        var (kms, buffer, heaps, fb, crtc, connector, planes) = ProtectedSetup(machine, out _);
        using (heaps)
        using (buffer)
        using (kms)
        {
            var overlay = planes[1];
            Assert.Equal(0, kms.TryShow(crtc, connector, overlay, Mode720p(kms, connector), fb, ImageWidth, ImageHeight, PlaneX, PlaneY));
            var black = System.IO.Hashing.Crc32.HashToUInt32(Compose(1280, 720, null, 0, 0));
            Assert.Equal(black, kms.ReadCrcs().Single().Crc);
            Assert.Contains(machine.DisplayEvents, e => e.Contains("black", StringComparison.Ordinal));
            Assert.False(machine.Display!.LastFrame!.Faulted);
            machine.CheckInvariants();
            Assert.True(machine.CheckSafety().Passed);
        }
    }

    [Fact]
    public void FindPipeline_Rk3588_CrtcConnectorWith1080pAndThePrimaryWindow()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        using var kms = KmsClient.Open(machine.Spawn("kms"));
        kms.Initialise();
        var pipeline = kms.FindPipeline();
        Assert.Equal((1920, 1080), ((int)pipeline.Mode.HDisplay, (int)pipeline.Mode.VDisplay));
        Assert.Equal(machine.Vop!.Config.Planes[0].Id, pipeline.PrimaryPlane);
        Assert.Equal(7, pipeline.Overlays.Length);
        Assert.Equal(0, kms.TryGetPlane(pipeline.PrimaryPlane, out _, out var formats));
        Assert.Equal([DrmModeIoctl.DRM_FORMAT_NV12], formats);
    }

    [Fact]
    public void Requests_Invalid_GetLinuxErrno()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        var p = machine.Spawn("kms");
        using var heaps = new DmaHeapLibrary(p);
        using var heap = heaps.OpenHeap("system");
        using var buffer = heap.Allocate(BufferSize);
        using var kms = KmsClient.Open(p);
        var (crtc, connector, _) = Pipeline(kms, universal: false);
        Assert.Equal(0, kms.TryImport(buffer.Fd, out var handle));

        // Atomic before DRM_CLIENT_CAP_ATOMIC.
        Assert.Equal(-Errno.EINVAL, kms.TryAtomicCommit([(crtc, 1, 0)], 0));
        kms.Initialise();
        var planes = kms.GetPlanes();

        var xrgb = new DrmModeFbCmd2 { Width = 16, Height = 16, PixelFormat = DrmModeIoctl.DRM_FORMAT_XRGB8888, Handles = [handle, 0, 0, 0], Pitches = [64, 0, 0, 0], Offsets = [0, 0, 0, 0], Modifier = [0, 0, 0, 0] };
        Assert.Equal(-Errno.EINVAL, kms.TryAddFb2(xrgb, out _));
        Assert.Equal(-Errno.ENOENT, kms.TryAddFbNv12(handle + 7, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out _));
        Assert.Equal(-Errno.EINVAL, kms.TryAddFbNv12(handle, ImageWidth, ImageHeight, ImageWidth - 2, ImageWidth * ImageHeight, out _));
        Assert.Equal(-Errno.EINVAL, kms.TryAddFbNv12(handle, 256, 256, 256, 256 * 256, out _));
        Assert.Equal(-Errno.EINVAL, kms.TryAddFbNv12(0, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out _));
        Assert.Equal(0, kms.TryAddFbNv12(handle, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out var fb));

        // A modeset without ALLOW_MODESET; an unknown object; a value the property does not take; TEST_ONLY scans nothing out.
        var mode = Mode720p(kms, connector);
        var active = kms.PropertyId(crtc, DrmModeIoctl.DRM_MODE_OBJECT_CRTC, "ACTIVE");
        Assert.Equal(-Errno.EINVAL, kms.TryAtomicCommit([(crtc, active, 1)], 0));
        Assert.Equal(-Errno.ENOENT, kms.TryAtomicCommit([(0xdead, active, 1)], 0));
        Assert.Equal(-Errno.EINVAL, kms.TryAtomicCommit([(crtc, active, 2)], DrmModeIoctl.DRM_MODE_ATOMIC_ALLOW_MODESET));
        Assert.Equal(-Errno.EINVAL, kms.TryAtomicCommit([(crtc, active, 1)], 0x8000));
        Assert.Equal(0, kms.TryShow(crtc, connector, planes[0], mode, fb, ImageWidth, ImageHeight, flags: DrmModeIoctl.DRM_MODE_ATOMIC_TEST_ONLY));
        Assert.Equal(0, machine.Display!.FrameCount);
        Assert.Equal(-Errno.ENOSPC, kms.TryShow(crtc, connector, planes[0], mode, fb, ImageWidth * 2, ImageHeight));
        Assert.Equal(-Errno.EINVAL, kms.TryShow(crtc, connector, planes[0], mode, fb, ImageWidth, ImageHeight, flags: DrmModeIoctl.DRM_MODE_ATOMIC_TEST_ONLY | DrmModeIoctl.DRM_MODE_PAGE_FLIP_EVENT));

        // Another file is not master and may not become it; it may not remove this file's framebuffer.
        var other = machine.Spawn("other");
        using var second = KmsClient.Open(other);
        Assert.Equal(-Errno.EACCES, second.TrySetMaster());
        Assert.Equal(0, second.TrySetClientCap(DrmModeIoctl.DRM_CLIENT_CAP_ATOMIC, 1));
        Assert.Equal(-Errno.EACCES, second.TryAtomicCommit([(crtc, active, 1)], DrmModeIoctl.DRM_MODE_ATOMIC_ALLOW_MODESET));
        Assert.Equal(-Errno.ENOENT, second.TryRemoveFb(fb));
        Assert.Equal(-Errno.EINVAL, second.DestroyBlob(0xdead));
        Assert.Equal(0, kms.TryRemoveFb(fb));
        Assert.Equal(-Errno.ENOENT, kms.TryRemoveFb(fb));
        machine.CheckInvariants();
    }

    [Fact]
    public void Commit_WithPageFlipEvent_EventIsReadableWithTheFrame()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        var p = machine.Spawn("kms");
        using var heaps = new DmaHeapLibrary(p);
        using var heap = heaps.OpenHeap("system");
        using var buffer = heap.Allocate(BufferSize);
        using var kms = KmsClient.Open(p);
        kms.Initialise();
        var (crtc, connector, planes) = Pipeline(kms);
        Assert.Equal(0, kms.TryImport(buffer.Fd, out var handle));
        Assert.Equal(0, kms.TryAddFbNv12(handle, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out var fb));
        Assert.Null(kms.ReadEvent());
        Assert.Equal(0, kms.TryShow(crtc, connector, planes[0], Mode720p(kms, connector), fb, ImageWidth, ImageHeight, flags: DrmModeIoctl.DRM_MODE_PAGE_FLIP_EVENT, userData: 0x1234));
        var flip = kms.ReadEvent()!.Value;
        Assert.Equal((DrmModeIoctl.DRM_EVENT_FLIP_COMPLETE, 32u, 0x1234UL, 1u, crtc), (flip.Type, flip.Length, flip.UserData, flip.Sequence, flip.CrtcId));
        Assert.Equal(machine.Display!.LastFrame!.Time / 1000 % 1_000_000, flip.TvUsec);
        Assert.Null(kms.ReadEvent());
    }

    [Fact]
    public void Close_LastFd_ReleasesFramebuffersImportsAndWindows()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        var before = machine.Resources;
        var p = machine.Spawn("kms");
        using (var heaps = new DmaHeapLibrary(p))
        using (var heap = heaps.OpenHeap("system"))
        using (var buffer = heap.Allocate(BufferSize))
        using (var kms = KmsClient.Open(p))
        {
            kms.Initialise();
            var (crtc, connector, planes) = Pipeline(kms);
            Assert.Equal(0, kms.TryImport(buffer.Fd, out var handle));
            Assert.Equal(0, kms.TryAddFbNv12(handle, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out var fb));
            Assert.Equal(0, kms.TryShow(crtc, connector, planes[0], Mode720p(kms, connector), fb, ImageWidth, ImageHeight));
        }

        machine.Exit(p);
        Assert.Empty(machine.Vop!.Config.Framebuffers);
        Assert.Empty(machine.Vop.Drm.Objects);
        Assert.Empty(machine.Vop.Drm.Files);
        Assert.All(machine.Display!.Planes, r => Assert.False(r.Enabled));
        Assert.Equal(2, machine.Display.FrameCount);
        Assert.Equal(before.WithoutIommuTables(), machine.Resources.WithoutIommuTables());
        machine.CheckInvariants();
    }

    private static (KmsClient Kms, DmaBuffer Buffer, DmaHeapLibrary Heaps, uint Fb, uint Crtc, uint Connector, uint[] Planes) ProtectedSetup(Machine machine, out byte[] image)
    {
        var p = machine.Spawn("kms");
        var heaps = new DmaHeapLibrary(p);
        using var heap = heaps.OpenHeap(ProtectedHeapNames.SecureVideo);
        var buffer = heap.Allocate(BufferSize);
        var kms = KmsClient.Open(p);
        kms.Initialise();
        var (crtc, connector, planes) = Pipeline(kms);
        Assert.Equal(0, kms.TryImport(buffer.Fd, out var handle));
        Assert.Equal(0, kms.TryAddFbNv12(handle, ImageWidth, ImageHeight, ImageWidth, ImageWidth * ImageHeight, out var fb));

        // The content stands for what the secure world's decoder wrote: the test places it through the SoC itself.
        image = TestImage();
        var backing = machine.Vop!.Config.Framebuffers.Single(f => f.Id == fb).Objects[0].Backing;
        Assert.True(backing[0].Length >= (ulong)image.Length);
        machine.Soc.Memory.Write(backing[0].Start, image);
        return (kms, buffer, heaps, fb, crtc, connector, planes);
    }

    private static (uint Crtc, uint Connector, uint[] Planes) Pipeline(KmsClient kms, bool universal = true)
    {
        var res = kms.GetResources();
        return (Assert.Single(res.Crtcs), Assert.Single(res.Connectors), universal ? kms.GetPlanes() : []);
    }

    private static DrmModeModeInfo Mode720p(KmsClient kms, uint connector) => kms.GetConnector(connector).Modes.Single(m => m.HDisplay == 1280);

    /// <summary>A 64 × 32 NV12 image: a luma ramp and a chroma pattern.</summary>
    private static byte[] TestImage()
    {
        var image = new byte[ImageWidth * ImageHeight * 3 / 2];
        for (var i = 0; i < ImageWidth * ImageHeight; i++)
        {
            image[i] = (byte)(32 + (i % ImageWidth * 3) + (i / ImageWidth));
        }

        for (var i = ImageWidth * ImageHeight; i < image.Length; i++)
        {
            image[i] = (byte)(i % 2 == 0 ? 90 + (i % 40) : 200 - (i % 30));
        }

        return image;
    }

    /// <summary>The frame the display should compose: black, with <paramref name="image"/> at (x, y).</summary>
    private static byte[] Compose(int width, int height, byte[]? image, int x, int y)
    {
        var frame = new byte[width * height * 3 / 2];
        frame.AsSpan(0, width * height).Fill(16);
        frame.AsSpan(width * height).Fill(128);
        if (image is null)
        {
            return frame;
        }

        for (var row = 0; row < ImageHeight; row++)
        {
            image.AsSpan(row * ImageWidth, ImageWidth).CopyTo(frame.AsSpan(((y + row) * width) + x));
        }

        for (var row = 0; row < ImageHeight / 2; row++)
        {
            image.AsSpan((ImageWidth * ImageHeight) + (row * ImageWidth), ImageWidth).CopyTo(frame.AsSpan((width * height) + (((y / 2) + row) * width) + x));
        }

        return frame;
    }

    /// <summary>Decodes the monitor's PNG (8-bit RGB, filter 0 rows), checking every chunk's CRC.</summary>
    private static (int Width, int Height, byte[] Rgb) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }, png[..8]);
        var offset = 8;
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        while (offset < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var body = png.AsSpan(offset + 4, 4 + length);
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(body), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)));
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, data[8..13].ToArray());
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * ((width * 3) + 1)]);
            rows.AsSpan((y * ((width * 3) + 1)) + 1, width * 3).CopyTo(rgb.AsSpan(y * width * 3));
        }

        return (width, height, rgb);
    }
}
