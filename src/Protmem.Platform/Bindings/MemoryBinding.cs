using Protmem.Hardware;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// The memory nodes (<c>device_type = "memory"</c>, children of the root, <c>reg</c> in the root's
/// cells). Enabled ones are normal-world RAM; one with <c>status = "disabled"</c> and
/// <c>secure-status = "okay"</c> is secure-only RAM, as QEMU describes its secure memory. Entries of
/// size 0 (left for a boot loader to fill) are skipped with a warning; an entry that is not on page
/// boundaries is trimmed inwards to whole pages, as Linux's early memory setup does.
/// </summary>
internal static class MemoryBinding
{
    public static (List<PhysRange> SystemRam, List<PhysRange> SecureRam) Bind(BindingContext context)
    {
        var ram = new List<PhysRange>();
        var secure = new List<PhysRange>();
        foreach (var node in context.Tree.Root.Children)
        {
            if (node.FindProperty("device_type") is not { } type || !type.TryAsString(out var text) || text != "memory")
            {
                continue;
            }

            var enabled = BindingContext.IsEnabled(node);
            var secureOnly = BindingContext.IsSecureOnly(node);
            if (!enabled && !secureOnly)
            {
                continue;
            }

            context.Claim(node);
            if (!node.HasProperty("reg"))
            {
                throw BindingContext.Error(node, "reg", "a memory node needs a reg property");
            }

            foreach (var entry in BindingContext.ReadRegs(node, "reg", context.RootAddressCells, context.RootSizeCells))
            {
                var start = AlignUp(entry.Address);
                var end = entry.Address > ulong.MaxValue - entry.Size ? ulong.MaxValue & ~HwConstants.PageMask : (entry.Address + entry.Size) & ~HwConstants.PageMask;
                if (entry.Size == 0 || start >= end)
                {
                    context.Warn($"{node.Path}: reg entry {entry} holds no whole page (a boot loader fills it on real hardware); skipped");
                    continue;
                }

                (enabled ? ram : secure).Add(new PhysRange(new PhysAddr(start), end - start));
            }
        }

        var systemRam = PhysRanges.Normalise(ram);
        var secureRam = PhysRanges.Normalise(secure);
        if (PhysRanges.Intersect(systemRam, secureRam).Count > 0)
        {
            throw new BindingException("/", null, "secure-only memory overlaps normal-world memory");
        }

        if (systemRam.Count == 0)
        {
            context.Warn("/: no memory node describes RAM; the board cannot boot a kernel");
        }

        return (systemRam, secureRam);
    }

    private static ulong AlignUp(ulong address) =>
        address > ulong.MaxValue - HwConstants.PageMask ? ulong.MaxValue & ~HwConstants.PageMask : (address + HwConstants.PageMask) & ~HwConstants.PageMask;
}
