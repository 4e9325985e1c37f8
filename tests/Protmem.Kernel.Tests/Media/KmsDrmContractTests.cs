using Protmem.Hardware;
using Protmem.Hardware.Media;
using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Gpu.Drm.Rockchip;
using Protmem.Kernel.Tests.Gpu;
using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace;

namespace Protmem.Kernel.Tests.Media;

/// <summary>
/// The DRM contract on the rockchip display (/dev/dri/card0 of a small board: a VOP behind its IOMMU, no TEE),
/// and what the DRM core answers a driver without modesetting.
/// </summary>
public sealed class KmsDrmContractTests : DrmDriverContract
{
    protected override string NodePath => "/dev/dri/card0";

    protected override string DriverName => RockchipDrmDriver.DriverName;

    protected override KernelContext Boot() => BootBoard();

    [Fact]
    public void Register_Rockchip_IsCard0WithoutRenderNodeAndVgemIsCard1()
    {
        var kernel = BootBoard();
        Assert.True(kernel.DeviceNodes.Exists("/dev/dri/card0"));
        Assert.True(kernel.DeviceNodes.Exists("/dev/dri/card1"));
        Assert.IsType<RockchipDrmDriver>(kernel.DrmDevices.Single(d => d.Minors.Any(m => m.Path == "/dev/dri/card0")).Driver);
        var display = kernel.DrmDevices.Single(d => d.Driver is RockchipDrmDriver);
        Assert.Equal([DrmMinorType.Primary], display.Minors.Select(m => m.Type));
    }

    [Fact]
    public void ModeIoctls_OnVgem_Eopnotsupp()
    {
        var kernel = BootBoard();
        using var p = kernel.Spawn("drm");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open("/dev/dri/card1", Fcntl.O_RDWR);
        var res = new DrmModeCardRes();
        Assert.Equal(-Errno.EOPNOTSUPP, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_GETRESOURCES, ref res));
        var cap = new DrmSetClientCap { Capability = DrmModeIoctl.DRM_CLIENT_CAP_ATOMIC, Value = 1 };
        Assert.Equal(-Errno.EOPNOTSUPP, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_SET_CLIENT_CAP, ref cap));
        var atomic = new DrmModeAtomic();
        Assert.Equal(-Errno.EOPNOTSUPP, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_ATOMIC, ref atomic));
    }

    [Fact]
    public void Master_FirstOpenerHoldsItUntilItDropsIt()
    {
        var kernel = BootBoard();
        using var first = kernel.Spawn("first");
        using var second = kernel.Spawn("second");
        var a = first.Open("/dev/dri/card0", Fcntl.O_RDWR);
        var b = second.Open("/dev/dri/card0", Fcntl.O_RDWR);
        Assert.Equal(0, first.Ioctl(a, DrmModeIoctl.DRM_IOCTL_SET_MASTER, 0));
        Assert.Equal(-Errno.EACCES, second.Ioctl(b, DrmModeIoctl.DRM_IOCTL_SET_MASTER, 0));
        Assert.Equal(-Errno.EACCES, second.Ioctl(b, DrmModeIoctl.DRM_IOCTL_DROP_MASTER, 0));
        Assert.Equal(0, first.Ioctl(a, DrmModeIoctl.DRM_IOCTL_DROP_MASTER, 0));
        Assert.Equal(-Errno.EINVAL, first.Ioctl(a, DrmModeIoctl.DRM_IOCTL_DROP_MASTER, 0));
        using var root = kernel.Spawn("root", Credentials.Root);
        var c = root.Open("/dev/dri/card0", Fcntl.O_RDWR);
        Assert.Equal(0, root.Ioctl(c, DrmModeIoctl.DRM_IOCTL_SET_MASTER, 0));
        Assert.Equal(-Errno.EBUSY, first.Ioctl(a, DrmModeIoctl.DRM_IOCTL_SET_MASTER, 0));
    }

    [Fact]
    public void Properties_OfPlane_AtomicOnesOnlyForAnAtomicClient()
    {
        var kernel = BootBoard();
        using var p = kernel.Spawn("drm");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open("/dev/dri/card0", Fcntl.O_RDWR);
        var plane = kernel.DrmDevices.Select(d => d.Driver).OfType<RockchipDrmDriver>().Single().Vop!.Config.Planes[0].Id;
        var props = new DrmModeObjGetProperties { ObjId = plane, ObjType = DrmModeIoctl.DRM_MODE_OBJECT_PLANE, CountProps = 16, PropsPtr = args.AddressOf(1024), PropValuesPtr = args.AddressOf(2048) };
        Assert.Equal(0, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_OBJ_GETPROPERTIES, ref props));
        Assert.Equal(1u, props.CountProps);
        var idBytes = new byte[4];
        args.Read(1024, idBytes);
        var type = new DrmModeGetProperty { PropId = BitConverter.ToUInt32(idBytes), CountEnumBlobs = 3, EnumBlobPtr = args.AddressOf(3072) };
        Assert.Equal(0, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_GETPROPERTY, ref type));
        Assert.Equal(("type", 3u), (type.Name, type.CountEnumBlobs));
        var cap = new DrmSetClientCap { Capability = DrmModeIoctl.DRM_CLIENT_CAP_ATOMIC, Value = 1 };
        Assert.Equal(0, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_SET_CLIENT_CAP, ref cap));
        props.CountProps = 16;
        Assert.Equal(0, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_OBJ_GETPROPERTIES, ref props));
        Assert.Equal(11u, props.CountProps);
        props.ObjType = DrmModeIoctl.DRM_MODE_OBJECT_CRTC;
        Assert.Equal(-Errno.ENOENT, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_OBJ_GETPROPERTIES, ref props));
        var missing = new DrmModeGetProperty { PropId = 0xffff };
        Assert.Equal(-Errno.ENOENT, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_GETPROPERTY, ref missing));
        var blob = new DrmModeCreateBlob { Data = args.AddressOf(0), Length = 0 };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, DrmModeIoctl.DRM_IOCTL_MODE_CREATEPROPBLOB, ref blob));
        kernel.AssertInvariants();
    }

    /// <summary>256 MiB of DRAM, a VOP (master 6) behind "vop-mmu" with four windows of which window 0 may show protected content.</summary>
    private static KernelContext BootBoard()
    {
        var soc = new Soc(new SocDescription
        {
            Name = "kms-test-board",
            DramBanks = [new DramBankDescription(0x4000_0000, 256UL << 20)],
            Masters = [new BusMasterDescription(6, "vop")],
            Iommus = [new IommuDescription("vop-mmu", ["vop"], IotlbEntries: 16)],
            Displays = [new DisplayDescription("vop", 4, [0])],
            Seed = 1,
        });
        return KernelContext.Boot(new KernelConfig
        {
            Hardware = soc.CreateNormalWorldView(null),
            Devices = [new DeviceConfig("vop", RockchipDrmDriver.Compatible, "vop")],
            MaxOpenFiles = 64,
        });
    }
}
