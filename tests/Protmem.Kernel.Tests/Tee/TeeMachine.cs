using Protmem.Hardware;
using Protmem.Hardware.Smc;
using Protmem.Kernel.Core;
using Protmem.Kernel.Tee;
using Protmem.SecureWorld;
using Protmem.Userspace.Xtest;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>Which protected-memory design a <see cref="TeeMachine"/> carries.</summary>
public enum TeeDesign
{
    /// <summary>OP-TEE QEMU: a static 4 MiB SDP carveout at the end of TZDRAM, SMC ABI.</summary>
    Static,

    /// <summary>Dynamic protected memory over SMC: regions lent from CMA per use case.</summary>
    Dynamic,

    /// <summary>Dynamic protected memory over FF-A: FFA_MEM_LEND + ASSIGN_PROTMEM.</summary>
    DynamicFfa,

    /// <summary>The Linaro restricted heap: a linaro,restricted-heap carveout the secure world firewalls at boot.</summary>
    Linaro,

    /// <summary>The MediaTek-style secure-world-managed heap: the secmem TA owns a carveout the kernel allocates from by command.</summary>
    Mtk,
}

/// <summary>
/// A qemu-virt-like machine wired by hand (the platform layer does this from a device tree): 512 MiB of
/// DRAM at 1 GiB, TZDRAM in its top 32 MiB (a no-map reserved region), a 64 MiB CMA area, and three
/// devices: vdec (the video decoder, allowed into secure-video memory), display (read-only there,
/// read-write for trusted UI) and gpu (allowed nowhere). The firmware is installed behind the secure
/// monitor, then the kernel boots and probes OP-TEE.
/// </summary>
internal sealed class TeeMachine
{
    public const ulong DramBase = 0x4000_0000;
    public const ulong DramSize = 512UL << 20;
    public const ulong MiB = 1UL << 20;
    public static readonly PhysRange SecureDram = new(new PhysAddr(DramBase + DramSize - (32 * MiB)), 32 * MiB);
    public static readonly PhysRange Cma = new(new PhysAddr(DramBase + (256 * MiB)), 64 * MiB);
    public static readonly PhysRange Restricted = new(new PhysAddr(DramBase + (400 * MiB)), 4 * MiB);

    private TeeMachine(TeeDesign design, TeeConfig tee, bool hazardFatal, ulong seed)
    {
        Soc = new Soc(new SocDescription
        {
            Name = "qemu-virt-tee-test",
            DramBanks = [new DramBankDescription(DramBase, DramSize)],
            Masters = [new BusMasterDescription(3, "vdec"), new BusMasterDescription(4, "display"), new BusMasterDescription(5, "gpu")],
            Iommus = [new IommuDescription("vdec-mmu", ["vdec"], IotlbEntries: 16)],
            SpeculativeAccessToFirewalledPageIsFatal = hazardFatal,
            Seed = seed,
        });
        Monitor = new SecureMonitor(Soc.Clock, Soc.Costs, Soc.Trace);
        var world = design switch
        {
            TeeDesign.Static => SecureWorldConfig.QemuStatic(SecureDram, [new ProtectedMemoryEndpoint("vdec")]),
            TeeDesign.Linaro => new SecureWorldConfig { SecureDram = SecureDram, StaticCarveout = Restricted, StaticCarveoutEndpoints = [new ProtectedMemoryEndpoint("vdec")] },
            TeeDesign.Mtk => new SecureWorldConfig { SecureDram = SecureDram, Secmem = new SecmemCarveout(Restricted, [new ProtectedMemoryEndpoint("vdec")]), TrustedApplications = [TrustedApplicationIds.SdpBasic, TrustedApplicationIds.MtkSecmem] },
            _ => new SecureWorldConfig
            {
                Abi = design == TeeDesign.DynamicFfa ? SecureWorldAbi.Ffa : SecureWorldAbi.Smc,
                SecureDram = SecureDram,
                UseCases =
                [
                    new ProtectedMemoryUseCase(1, [new ProtectedMemoryEndpoint("vdec"), new ProtectedMemoryEndpoint("display", Write: false)]),
                    new ProtectedMemoryUseCase(2, [new ProtectedMemoryEndpoint("display")], MinSize: 2 * MiB, Alignment: 2 * MiB),
                ],
            },
        };
        Firmware = SecureFirmware.Install(Soc, Monitor, Soc.TakeSecureFirmwareCapability(), world);
        Kernel = KernelContext.Boot(new KernelConfig
        {
            Hardware = Soc.CreateNormalWorldView(Monitor),
            ReservedMemory =
            [
                new ReservedMemoryRegion("optee", SecureDram, NoMap: true),
                new ReservedMemoryRegion("linux,cma", Cma, Reusable: true, Compatible: ReservedMemoryRegion.SharedDmaPool),
                .. design == TeeDesign.Linaro ? [new ReservedMemoryRegion("restricted", Restricted, NoMap: true, Compatible: "linaro,restricted-heap")] : Array.Empty<ReservedMemoryRegion>(),
            ],
            Devices =
            [
                new DeviceConfig("vdec0", "rockchip,vdec", "vdec"),
                new DeviceConfig("display0", "rockchip,vop", "display"),
                new DeviceConfig("gpu0", "arm,mali", "gpu"),
            ],
            Tee = tee,
            MaxOpenFiles = 64,
        });
    }

    public Soc Soc { get; }

    public SecureMonitor Monitor { get; }

    public SecureFirmware Firmware { get; }

    public KernelContext Kernel { get; }

    public TeeDevice Tee => Kernel.Optee?.Device ?? throw new InvalidOperationException($"no TEE: {Kernel.TeeProbeFailure}");

    public static TeeMachine Boot(TeeDesign design = TeeDesign.Static, TeeConfig? tee = null, bool hazardFatal = false, ulong seed = 1) =>
        new(design, design switch
        {
            TeeDesign.Linaro => (tee ?? new TeeConfig()) with { Design = ProtectedMemoryDesign.RestrictedHeap },
            TeeDesign.Mtk => (tee ?? new TeeConfig()) with { Design = ProtectedMemoryDesign.SecureWorldHeap, UseCases = [] },
            _ => (tee ?? new TeeConfig()) with { Abi = design == TeeDesign.DynamicFfa ? OpteeAbi.Ffa : OpteeAbi.Smc },
        }, hazardFatal, seed);

    /// <summary>xtest --sdp-basic as a user process; the run's output goes to <paramref name="output"/>.</summary>
    public SdpRunResult RunSdpBasic(SdpBasicOptions options, TextWriter output)
    {
        using var process = Kernel.Spawn("xtest");
        var random = Soc.Random.Fork();
        return new XtestSdpBasic(process, output, bytes => random.NextBytes(bytes)).Run(options);
    }

    /// <summary>xtest 1014 as a user process.</summary>
    public SdpRunResult RunRegression1014(TextWriter output)
    {
        using var process = Kernel.Spawn("xtest");
        var random = Soc.Random.Fork();
        return new XtestRegression1014(process, output, bytes => random.NextBytes(bytes)).Run();
    }

    /// <summary>Every kernel and firmware invariant, and the device's.</summary>
    public void AssertInvariants()
    {
        Kernel.AssertInvariants();
        Tee.AssertInvariants();
        Firmware.AssertInvariants();
    }
}
