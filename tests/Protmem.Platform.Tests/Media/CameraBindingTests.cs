using Protmem.Platform.Boards;

namespace Protmem.Platform.Tests.Media;

/// <summary>rk3588's camera node builds a camera block: a secure-capable master behind its own IOMMU.</summary>
public sealed class CameraBindingTests
{
    [Fact]
    public void Load_Rk3588_DescribesTheCameraAsASecureMasterBehindItsOwnIommu()
    {
        var board = PlatformCatalog.Load("rk3588");

        Assert.Equal(["camera"], board.Soc.Cameras);
        var master = board.Soc.Masters.Single(m => m.Name == "camera");
        Assert.Equal((9, true, true), (master.Id, master.CanIssueNonSecure, master.CanIssueSecure));
        Assert.Equal("iommu@fdce0800", board.Device("camera").Iommu);
        Assert.Equal(["camera"], board.Soc.Iommus.Single(i => i.Name == "iommu@fdce0800").Masters);
    }

    [Fact]
    public void Boot_Rk3588_CameraBlockIsIdleBehindItsIommu()
    {
        using var machine = V4l2Boards.BootRk3588();

        var camera = machine.Soc.Cameras["camera"];
        Assert.False(camera.IsStreaming);
        Assert.False(camera.SecureMode);
        Assert.NotNull(camera.Master.Iommu);
        Assert.Equal(0, camera.FrameSize);
    }
}
