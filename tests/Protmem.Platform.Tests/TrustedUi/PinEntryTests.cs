using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.TrustedUi;

namespace Protmem.Platform.Tests.TrustedUi;

public sealed class PinEntryTests
{
    [Fact]
    public void Start_Rk3588_ShowsThePadInMemoryNoProgramCanMap()
    {
        using var machine = Machine.Boot("rk3588");
        var app = machine.Spawn("pin-entry");
        var (width, height) = machine.TouchPanel!.Value;

        var status = PinEntry.Start(app, width, height, PinEntryMode.Enrol, out var entry);

        Assert.True(status.IsSuccess, status.ToString());
        using (entry)
        {
            Assert.Null(machine.TrustedUiUnavailableReason);
            Assert.False(entry!.Framebuffer.TryMap(out _, out var errno));
            Assert.NotEqual(0, errno);
            Assert.Null(entry.Poll());
            Assert.True(machine.Touch(10, 10), "the tap lands in the trusted UI's ring");
            Assert.Null(entry.Poll());
            machine.CheckInvariants(fatalHazards: false);
        }
    }

    [Fact]
    public void Start_SystemHeapBuffers_IsRefusedAndLeavesNothingBehind()
    {
        using var machine = Machine.Boot("rk3588");
        var app = machine.Spawn("pin-entry");
        var before = machine.Resources;

        var status = PinEntry.Start(app, 1920, 1080, PinEntryMode.Enrol, out var entry, heap: "system");

        Assert.False(status.IsSuccess);
        Assert.Null(entry);
        Assert.False(machine.Touch(10, 10), "nothing armed the touchscreen");
        Assert.Equal(before, machine.Resources);
    }

    [Fact]
    public void Start_PanelOfAnotherSize_IsBadParameters()
    {
        using var machine = Machine.Boot("rk3588");

        var status = PinEntry.Start(machine.Spawn("pin-entry"), 1280, 720, PinEntryMode.Enrol, out var entry);

        Assert.Equal(TeecResult.TEEC_ERROR_BAD_PARAMETERS, status.Result);
        Assert.Null(entry);
    }

    [Fact]
    public void TrustedUi_BoardWithoutTouchscreen_SaysWhyNot()
    {
        using var machine = Machine.Boot("qemu-virt");

        Assert.Contains("no secure-only touchscreen", machine.TrustedUiUnavailableReason, StringComparison.Ordinal);
        Assert.Null(machine.TouchPanel);
        var error = Assert.Throws<ErrnoException>(() => PinEntry.Start(machine.Spawn("pin-entry"), 1920, 1080, PinEntryMode.Enrol, out _));
        Assert.Equal(Errno.ENOENT, error.Errno);
    }
}
