using Protmem.Hardware;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// Turns a device tree into a <see cref="PlatformDescription"/>, one binding after another (each file of
/// this folder is one binding, documented in docs/bindings.md):
/// 1. board-wide facts: <c>model</c>, the hazard flag, cost overrides, <c>/chosen/bootargs</c>;
/// 2. memory nodes: system RAM and secure-only RAM;
/// 3. reserved memory: fixed regions, then dynamic ones placed top-down;
/// 4. the firewall (<c>arm,tzc-400</c>);
/// 5. IOMMUs (Rockchip IOMMU v2), then bus masters and their devices;
/// 6. the TEE (<c>arm,ffa</c> / <c>linaro,optee-tz</c>) and its protected memory;
/// 7. every enabled node with a <c>compatible</c> no binding claimed becomes a warning and is skipped,
///    as Linux leaves a device without a driver.
/// A malformed node of a known binding throws <see cref="BindingException"/> naming the node and the property.
/// </summary>
public static class PlatformBinder
{
    private static readonly string[] BusCompatibles = ["simple-bus", "simple-pm-bus", "simple-mfd"];

    /// <summary>
    /// The camera's compatible (the rkcif/VICAP capture block), built as a <see cref="Hardware.Media.CameraCore"/>.
    /// Model: the hardware only; no kernel driver binds it yet, so no /dev/video node is made for it.
    /// </summary>
    private const string CameraCompatible = "rockchip,rk3588-vicap";

    /// <summary>The description of the board <paramref name="tree"/> describes; <paramref name="name"/> names it in messages.</summary>
    public static PlatformDescription Bind(DtTree tree, string name)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var context = new BindingContext(tree);
        var board = BoardBinding.Bind(context);
        var (systemRam, secureRam) = MemoryBinding.Bind(context);
        var reserved = ReservedMemoryBinding.Bind(context, systemRam);
        var firewall = FirewallBinding.Bind(context);
        var iommus = IommuBinding.Bind(context);
        var firmware = TeeBinding.FirmwareNodes(context);
        var masters = MasterBinding.Bind(context, iommus, reserved, firmware);
        var touchscreens = TouchscreenBinding.Bind(context, masters);
        var tee = TeeBinding.Bind(context, systemRam, secureRam, reserved, masters.NameOf);
        SuspectNodeChecks.Run(context);
        WarnUnbound(context);

        var defaultCma = reserved.FirstOrDefault(r => r.IsCma && r.IsCmaDefault) ?? reserved.FirstOrDefault(r => r.IsCma);
        var soc = new SocDescription
        {
            Name = name,
            DramBanks = PhysRanges.Normalise(systemRam.Concat(secureRam)).Select(r => new DramBankDescription(r.Start.Value, r.Length)).ToArray(),
            FirewallRegionCount = firewall.Regions,
            FirewallFiltersSecureByMaster = firewall.FiltersSecureByMaster,
            Masters = masters.Masters,
            Iommus = masters.Iommus,
            NpuCores = [.. masters.Devices.Where(d => d.Compatible == Kernel.Accel.Rocket.RocketDevice.CoreCompatible && d.BusMaster is not null).Select(d => d.BusMaster!)],
            Gpus = [.. masters.Devices.Where(d => Kernel.Gpu.Panthor.PanthorDevice.IsGpuCompatible(d.Compatible) && d.BusMaster is not null).Select(d => d.BusMaster!)],
            TouchControllers = touchscreens,
            VideoDecoders = [.. masters.Devices.Where(d => d.Compatible == Kernel.Media.Rockchip.RkvdecDevice.Compatible && d.BusMaster is not null).Select(d => d.BusMaster!)],
            Cameras = [.. masters.Devices.Where(d => d.Compatible == CameraCompatible && d.BusMaster is not null).Select(d => d.BusMaster!)],
            VideoEncoders = [.. masters.Devices.Where(d => d.Compatible == Kernel.Media.Rockchip.RkvencDevice.Compatible && d.BusMaster is not null).Select(d => d.BusMaster!)],
            Displays = [.. masters.Devices.Where(d => d.Compatible == Kernel.Gpu.Drm.Rockchip.RockchipDrmDriver.Compatible && d.BusMaster is not null).Select(d => BindDisplay(context, d))],
            CryptoEngines = [.. masters.Devices.Where(d => d.Compatible == Kernel.Crypto.RkCryptoDevice.Compatible && d.BusMaster is not null).Select(d => d.BusMaster!)],
            SpeculativeAccessToFirewalledPageIsFatal = board.HazardFatal,
            CostOverrides = board.Costs,
        };
        return new PlatformDescription
        {
            Name = name,
            Model = board.Model.Length > 0 ? board.Model : name,
            Soc = soc,
            SystemRam = systemRam,
            SecureRam = secureRam,
            ReservedMemory = reserved,
            DefaultCmaRegion = defaultCma?.Name,
            Tee = tee,
            Devices = masters.Devices,
            KernelOptions = board.Options,
            Design = board.Design,
            UnmapDirectMapOnLend = board.UnmapDirectMap,
            Warnings = [.. context.Warnings],
            ModelWarnings = [.. context.ModelWarnings],
            SkippedReservedMemory = [.. context.SkippedReserved],
            UnboundWarnings = [.. context.UnboundWarnings],
        };
    }

    /// <summary>A VOP node: the RK3588 VOP2's windows, and <c>protmem,protected-planes</c> (distinct window indices).</summary>
    private static Hardware.Media.DisplayDescription BindDisplay(BindingContext context, DeviceDescription device)
    {
        const string property = Kernel.Gpu.Drm.Rockchip.RockchipDrmDriver.ProtectedPlanesProperty;
        const int windows = Kernel.Gpu.Drm.Rockchip.RockchipDrmDriver.Rk3588WindowCount;
        var node = context.Tree.GetNode(device.Path);
        var planes = node.HasProperty(property) ? BindingContext.ReadCells(node, property) : [];
        if (planes.Any(p => p >= windows) || planes.Distinct().Count() != planes.Count)
        {
            throw BindingContext.Error(node, property, $"<{string.Join(" ", planes)}> are not distinct window indices below {windows}");
        }

        return new Hardware.Media.DisplayDescription(device.BusMaster!, windows, [.. planes.Select(p => (int)p)]);
    }

    private static void WarnUnbound(BindingContext context)
    {
        foreach (var node in context.EnabledNodes())
        {
            if (context.IsClaimed(node) || node.Parent is null || !node.HasProperty("compatible"))
            {
                continue;
            }

            var compatible = BindingContext.CompatibleOf(node);
            if (compatible.Any(c => BusCompatibles.Contains(c, StringComparer.Ordinal)) || node.Parent.Name == "cpus")
            {
                continue;
            }

            context.WarnUnbound($"{node.Path}: compatible \"{string.Join("\", \"", compatible)}\" has no binding in Protmem; skipped");
        }
    }
}
