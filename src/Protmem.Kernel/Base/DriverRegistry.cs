using Protmem.Uapi;

namespace Protmem.Kernel.Base;

/// <summary>
/// The platform bus (drivers/base: bus.c, dd.c): its devices, its drivers, and the binding between them.
/// 1. Boot adds the board's devices (<see cref="AddDevice"/>, of_platform_populate) before any driver.
/// 2. Each driver registers from its module init, in initcall order (<see cref="Register"/>, driver_register):
///    it is matched by compatible against every unbound device, which it probes in device order.
/// 3. A probe that returns -EPROBE_DEFER puts the device on the deferred list; every successful bind and
///    every new dma-heap retries that list (driver_deferred_probe_trigger), until nothing more binds.
/// 4. Any other error leaves the device unbound (<see cref="ProbeErrors"/>).
/// 5. <see cref="Shutdown"/> removes every bound device, in reverse bind order (device_shutdown).
/// </summary>
public sealed class DriverRegistry
{
    /// <summary>include/linux/errno.h: the driver asks to be probed again later (never seen by user space).</summary>
    public const int EPROBE_DEFER = 517;

    private readonly List<IPlatformDriver> _drivers = [];
    private readonly List<PlatformDevice> _devices = [];
    private readonly Dictionary<string, PlatformDevice> _byName = new(StringComparer.Ordinal);
    private readonly List<PlatformDevice> _deferred = [];
    private readonly List<PlatformDevice> _bound = [];
    private readonly Dictionary<PlatformDevice, int> _errors = [];
    private bool _retrying;
    private bool _retryAgain;
    private bool _shutDown;

    /// <summary>Registered drivers, in registration (initcall) order.</summary>
    public IReadOnlyList<IPlatformDriver> Drivers => _drivers;

    /// <summary>Every platform device, in device-tree order.</summary>
    public IReadOnlyList<PlatformDevice> Devices => _devices;

    /// <summary>Devices whose probe asked to be deferred and that are not bound yet (deferred_probe_pending_list).</summary>
    public IReadOnlyList<PlatformDevice> Deferred => _deferred;

    /// <summary>Bound devices, in bind order.</summary>
    public IReadOnlyList<PlatformDevice> Bound => _bound;

    /// <summary>The last probe error of each device a driver matched but could not bind (not -EPROBE_DEFER).</summary>
    public IReadOnlyDictionary<PlatformDevice, int> ProbeErrors => _errors;

    /// <summary>The device named <paramref name="name"/>, or null.</summary>
    public PlatformDevice? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Every platform device by name.</summary>
    public IReadOnlyDictionary<string, PlatformDevice> ByName => _byName;

    /// <summary>driver_register: 0, or -EBUSY when a driver of that name is registered. Probes every matching unbound device.</summary>
    public int Register(IPlatformDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ObjectDisposedException.ThrowIf(_shutDown, this);
        if (_drivers.Any(d => d.Name == driver.Name))
        {
            return -Errno.EBUSY;
        }

        _drivers.Add(driver);
        foreach (var device in _devices.Where(d => d.Driver is null && !_deferred.Contains(d) && Matches(driver, d)).ToList())
        {
            TryProbe(driver, device);
        }

        return 0;
    }

    /// <summary>driver_deferred_probe_trigger: retries every deferred device (after a bind, or when a heap appears).</summary>
    public void TriggerDeferredProbe()
    {
        if (_retrying)
        {
            _retryAgain = true;
            return;
        }

        _retrying = true;
        try
        {
            do
            {
                _retryAgain = false;
                foreach (var device in _deferred.ToList())
                {
                    if (device.Driver is null && _drivers.FirstOrDefault(d => Matches(d, device)) is { } driver)
                    {
                        _deferred.Remove(device);
                        TryProbe(driver, device);
                    }
                }
            }
            while (_retryAgain);
        }
        finally
        {
            _retrying = false;
        }
    }

    /// <summary>device_shutdown: every bound device's driver removes it, last bound first; no driver registers after.</summary>
    public void Shutdown()
    {
        if (_shutDown)
        {
            return;
        }

        _shutDown = true;
        for (var i = _bound.Count - 1; i >= 0; i--)
        {
            var device = _bound[i];
            device.Driver!.Remove(device);
            device.Driver = null;
            device.DriverData = null;
        }

        _bound.Clear();
        _deferred.Clear();
    }

    /// <summary>platform_device_add, before drivers register (of_platform_populate); throws on a duplicate name.</summary>
    internal void AddDevice(PlatformDevice device)
    {
        if (!_byName.TryAdd(device.Name, device))
        {
            throw new ArgumentException($"two devices are named '{device.Name}'");
        }

        _devices.Add(device);
    }

    private static bool Matches(IPlatformDriver driver, PlatformDevice device) =>
        device.Compatible.Any(c => driver.Compatible.Contains(c, StringComparer.Ordinal));

    /// <summary>really_probe: dev->driver is set for the call and kept only when it returns 0.</summary>
    private void TryProbe(IPlatformDriver driver, PlatformDevice device)
    {
        device.Driver = driver;
        var result = driver.Probe(device);
        if (result == 0)
        {
            _errors.Remove(device);
            _bound.Add(device);
            TriggerDeferredProbe();
            return;
        }

        device.Driver = null;
        device.DriverData = null;
        if (result == -EPROBE_DEFER)
        {
            if (!_deferred.Contains(device))
            {
                _deferred.Add(device);
            }
        }
        else if (result < 0)
        {
            _errors[device] = result;
        }
        else
        {
            throw new Core.KernelOopsException($"driver '{driver.Name}' probe of {device} returned {result}, neither 0 nor -errno");
        }
    }
}
