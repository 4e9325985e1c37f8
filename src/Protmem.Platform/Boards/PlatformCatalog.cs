using System.Buffers.Binary;
using System.Text;
using Protmem.Hardware;
using Protmem.Platform.Bindings;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Boards;

/// <summary>
/// The shipped platforms (readable .dts files embedded in this assembly) and the one way to load a
/// board: by shipped name, or by the path of a user's .dts or .dtb (told apart by the DTB magic, not the
/// extension). Every failure is a <see cref="PlatformException"/> whose message says where: the DTS
/// file:line:column, the DTB byte offset, or the node and property of a malformed binding.
/// </summary>
public static class PlatformCatalog
{
    /// <summary>The platform booted when none is named.</summary>
    public const string DefaultName = "qemu-virt";

    private const uint DtbMagic = 0xd00dfeed;

    /// <summary>The shipped platforms, the default first.</summary>
    public static IReadOnlyList<PlatformInfo> Platforms { get; } =
    [
        new("qemu-virt", "QEMU virt as OP-TEE's qemu_armv8a build sets it up: 1 GiB DRAM, SMC ABI, static 4 MiB SDP carveout, CMA, decoder and display masters"),
        new("qemu-virt-ffa", "qemu-virt with OP-TEE over FF-A and dynamic protected memory: 1 MiB regions lent from CMA per use case, reclaimed on last free"),
        new("qemu-virt-mtk", "qemu-virt with a secure-world-managed heap (MediaTek style): the secmem TA owns the last 4 MiB of TZDRAM and allocates restricted_mtk_cm buffers on request"),
        new("qemu-virt-linaro", "qemu-virt with the Linaro restricted heap: a 4 MiB linaro,restricted-heap carveout the secure world firewalls at boot, buffers registered with SHM_REGISTER_FD"),
        new("qemu-virt-rstmem", "qemu-virt with the seed design: TEE_IOC_RSTMEM_ALLOC on /dev/tee0 allocates from the static 4 MiB SDP carveout, no protected dma-heap"),
        new("rk3588", "Rockchip RK3588-like: 16 GiB DRAM, OP-TEE over FF-A lending CMA regions, 3 NPU cores behind RK IOMMUs, Mali CSF GPU, decoder, VOP, crypto; speculative-access hazard"),
        new("rk3588-gpu-carveout", "rk3588 with the GPU's protected firmware memory in a 1 MiB no-map carveout the secure world firewalls at boot (the reserved-memory design)"),
    ];

    /// <summary>True when <paramref name="name"/> is a shipped platform.</summary>
    public static bool IsShipped(string name) => Platforms.Any(p => p.Name == name);

    /// <summary>The DTS source of a shipped platform.</summary>
    public static string ReadSource(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsShipped(name))
        {
            throw new PlatformException($"'{name}' is not a shipped platform ({string.Join(", ", Platforms.Select(p => p.Name))})");
        }

        using var stream = typeof(PlatformCatalog).Assembly.GetManifestResourceStream($"Protmem.Platform.Boards.{name}.dts")
            ?? throw new PlatformException($"the shipped platform '{name}' is missing from the assembly's resources");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The device tree of a shipped platform, or of the .dts/.dtb file at <paramref name="nameOrPath"/>.</summary>
    public static DtTree ReadTree(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        try
        {
            if (IsShipped(nameOrPath))
            {
                return DtsReader.Parse(ReadSource(nameOrPath), $"{nameOrPath}.dts", new DtsReaderOptions { Files = ShippedBoardFiles.Instance });
            }

            if (!File.Exists(nameOrPath))
            {
                throw new PlatformException($"'{nameOrPath}' is neither a shipped platform ({string.Join(", ", Platforms.Select(p => p.Name))}) nor a readable .dts or .dtb file");
            }

            var bytes = File.ReadAllBytes(nameOrPath);
            return bytes.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(bytes) == DtbMagic
                ? DtbReader.Read(bytes)
                : DtsReader.Parse(bytes, nameOrPath);
        }
        catch (DtsParseException e)
        {
            throw new PlatformException(e.Message, e);
        }
        catch (DtbFormatException e)
        {
            throw new PlatformException($"{nameOrPath}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new PlatformException($"{nameOrPath}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new PlatformException($"{nameOrPath}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PlatformException($"{nameOrPath}: {e.Message}", e);
        }
    }

    /// <summary>The description of a shipped platform or of a .dts/.dtb file (see <see cref="ReadTree"/>).</summary>
    public static PlatformDescription Load(string nameOrPath) => Load(nameOrPath, []);

    /// <summary>Loads <paramref name="nameOrPath"/> with the RAM <paramref name="options"/> give in place of the tree's /memory (none: the tree's).</summary>
    public static PlatformDescription Load(string nameOrPath, MachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Load(nameOrPath, options.Memory, options.Append);
    }

    /// <summary>
    /// As <see cref="Load(string)"/>, with <paramref name="memory"/> (when not empty) as the board's
    /// normal-world RAM in place of its /memory nodes, as a boot loader's fixup or QEMU's -m gives it, and
    /// <paramref name="append"/> after its kernel command line, as QEMU's -append.
    /// </summary>
    public static PlatformDescription Load(string nameOrPath, IReadOnlyList<PhysRange> memory, string append = "")
    {
        ArgumentNullException.ThrowIfNull(memory);
        var tree = BootargsFixup.Apply(MemoryFixup.Apply(ReadTree(nameOrPath), memory), append);
        var name = IsShipped(nameOrPath) ? nameOrPath : Path.GetFileNameWithoutExtension(nameOrPath);
        try
        {
            return PlatformBinder.Bind(tree, name);
        }
        catch (BindingException e) when (!IsShipped(nameOrPath))
        {
            throw new BindingException(e.NodePath, e.Property, $"{e.Reason} (in {nameOrPath})", e);
        }
    }
}
