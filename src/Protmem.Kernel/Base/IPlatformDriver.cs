namespace Protmem.Kernel.Base;

/// <summary>
/// A platform driver (<c>struct platform_driver</c> with its <c>of_match_table</c>): it binds to every
/// device one of whose compatible strings it lists. Drivers register themselves from their module init
/// (<see cref="Initcalls"/>), never through reflection.
/// </summary>
public interface IPlatformDriver
{
    /// <summary>The driver's name (<c>driver.name</c>).</summary>
    string Name { get; }

    /// <summary>The compatible strings it matches (<c>of_match_table</c>).</summary>
    IReadOnlyList<string> Compatible { get; }

    /// <summary>probe: 0 when bound, -EPROBE_DEFER to be retried when something it waits for appears, another -errno when it cannot drive the device.</summary>
    int Probe(PlatformDevice device);

    /// <summary>remove: paired with a successful <see cref="Probe"/> (shutdown, unbind).</summary>
    void Remove(PlatformDevice device);
}
