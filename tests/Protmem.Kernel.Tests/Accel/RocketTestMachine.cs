using Protmem.Hardware;
using Protmem.Kernel.Accel.Rocket;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Tests.Accel;

/// <summary>
/// A small board with three NPU cores, each behind its own RK IOMMU (core 0's with two banks), as on
/// rk3588, and 256 MiB of DRAM; the rocket driver isolates clients with <c>isolation</c>.
/// </summary>
internal static class RocketTestMachine
{
    public static KernelContext Boot(string isolation = "per-file-domain", ulong seed = 1)
    {
        var soc = new Soc(new SocDescription
        {
            Name = "rocket-test-board",
            DramBanks = [new DramBankDescription(0x4000_0000, 256UL << 20)],
            Masters = [new BusMasterDescription(2, "npu0"), new BusMasterDescription(3, "npu1"), new BusMasterDescription(4, "npu2")],
            Iommus =
            [
                new IommuDescription("npu0-mmu", ["npu0"], BankCount: 2, IotlbEntries: 32),
                new IommuDescription("npu1-mmu", ["npu1"], IotlbEntries: 32),
                new IommuDescription("npu2-mmu", ["npu2"], IotlbEntries: 32),
            ],
            NpuCores = ["npu0", "npu1", "npu2"],
            Seed = seed,
        });
        var props = new Dictionary<string, string> { [RocketIsolationNames.Property] = isolation };
        return KernelContext.Boot(new KernelConfig
        {
            Hardware = soc.CreateNormalWorldView(null),
            Devices =
            [
                new DeviceConfig("npu0", RocketDevice.CoreCompatible, "npu0", null, props),
                new DeviceConfig("npu1", RocketDevice.CoreCompatible, "npu1", null, props),
                new DeviceConfig("npu2", RocketDevice.CoreCompatible, "npu2", null, props),
            ],
            MaxOpenFiles = 64,
        });
    }

    /// <summary>Runs the machine's events until none is left.</summary>
    public static void SocRunUntilIdle(this KernelContext kernel) => kernel.Hardware.Events.RunUntilEmpty();

    public static RocketDevice Npu(this KernelContext kernel) =>
        kernel.DrmDevices.Select(d => d.Driver).OfType<RocketDriver>().Single().Device;
}
