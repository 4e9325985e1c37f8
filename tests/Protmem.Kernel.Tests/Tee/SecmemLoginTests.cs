using Protmem.Kernel.DmaBufs.Heaps;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>
/// The secmem TA serves the kernel's heap only: a user process reaching it through /dev/tee0 is refused
/// by the TA (ACCESS_DENIED, origin TRUSTED_APP), and cannot claim the kernel's login (the TEE core's
/// EPERM for the REE-kernel range, EINVAL for logins Linux does not implement).
/// </summary>
public class SecmemLoginTests
{
    private static readonly TeeUuid GroupOf1000 = TeeUuid.FromOctets([0xe8, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

    [Theory]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_PUBLIC)]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_USER)]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_GROUP)]
    public void OpenSession_UserProcessToTheSecmemTa_AccessDeniedByTheTaAndNoSession(uint login)
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);

        Assert.Equal(0, client.OpenSession(MtkSecureHeap.SecmemTa, login, GroupOf1000, out var session, out var ret, out var origin));

        Assert.Equal(TeecResult.TEEC_ERROR_ACCESS_DENIED, ret);
        Assert.Equal(TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, origin);
        Assert.Equal(0u, session);
        Assert.Equal(0, machine.Firmware.SessionCount);
        machine.AssertInvariants();
    }

    [Theory]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL)]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL_MIN + 1)]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL_MAX)]
    public void OpenSession_UserClaimsTheKernelLogin_EpermAndTheSecureWorldIsNotAsked(uint login)
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);

        Assert.Equal(-Errno.EPERM, client.OpenSession(MtkSecureHeap.SecmemTa, login, default, out _, out _, out _));

        Assert.Equal(0, machine.Firmware.SessionCount);
        Assert.Equal(0, machine.Firmware.SecmemBlockCount);
    }

    [Theory]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_APPLICATION)]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_USER_APPLICATION)]
    [InlineData(TeeIoctl.TEE_IOCTL_LOGIN_GROUP_APPLICATION)]
    [InlineData(0xC000_0000u)] // past the REE-kernel range: GlobalPlatform's implementation-defined rest
    [InlineData(0xF000_0000u)] // TEE_LOGIN_TRUSTED_APP: a TA's login, never a normal-world one
    public void OpenSession_LoginLinuxDoesNotImplement_Einval(uint login)
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);

        Assert.Equal(-Errno.EINVAL, client.OpenSession(MtkSecureHeap.SecmemTa, login, default, out _, out _, out _));
        Assert.Equal(0, machine.Firmware.SessionCount);
    }

    [Fact]
    public void OpenSession_GroupTheCallerIsNotIn_Eperm()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);
        var root = TeeUuid.FromOctets(new byte[TeeUuid.Length]);

        Assert.Equal(-Errno.EPERM, client.OpenSession(MtkSecureHeap.SecmemTa, TeeIoctl.TEE_IOCTL_LOGIN_GROUP, root, out _, out _, out _));
    }

    [Fact]
    public void OpenSession_BadParameterAndForgedLogin_TheParameterIsCheckedFirst()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);
        var badShm = new TeeIoctlParam { Attr = TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, C = 4242 };

        Assert.Equal(-Errno.EINVAL, client.OpenSession(MtkSecureHeap.SecmemTa, TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL, default, out _, out _, out _, badShm));
    }

    [Fact]
    public void Heap_AfterAUsersRefusedAttempts_StillAllocatesThroughTheKernelsOwnSession()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var attacker = new TeeClient(machine.Kernel, "attacker");
        using var user = new TeeClient(machine.Kernel, "user");
        attacker.OpenSession(MtkSecureHeap.SecmemTa, out _, out var ret, out _);
        Assert.Equal(TeecResult.TEEC_ERROR_ACCESS_DENIED, ret);
        Assert.Equal(-Errno.EPERM, attacker.OpenSession(MtkSecureHeap.SecmemTa, TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL, default, out _, out _, out _));

        var fd = user.AllocFromHeap(MtkSecureHeap.HeapName, 8192);

        Assert.True(fd >= 0, Errno.Describe(-fd));
        Assert.Equal(1, machine.Firmware.SecmemBlockCount);
        Assert.Equal(1, machine.Firmware.SessionCount);
        machine.AssertInvariants();
    }
}
