using Protmem.Kernel.Base;

namespace Protmem.Kernel.Tests.Base;

/// <summary>A platform driver whose probe answers what the test says and that logs every probe and remove.</summary>
internal sealed class RecordingDriver(string name, string compatible, List<string> log, Func<PlatformDevice, int>? probe = null) : IPlatformDriver
{
    public string Name => name;

    public IReadOnlyList<string> Compatible { get; } = [compatible];

    public int Probe(PlatformDevice device)
    {
        var result = probe?.Invoke(device) ?? 0;
        log.Add($"probe {name} {device.Name} {result}");
        if (result == 0)
        {
            device.DriverData = name;
        }

        return result;
    }

    public void Remove(PlatformDevice device) => log.Add($"remove {name} {device.Name}");
}
