using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Smc;

/// <summary>
/// The EL3 secure monitor's conduit: the only way from the normal world into the secure world.
/// 1. At boot, the secure firmware installs its handler, once (<see cref="Install"/>).
/// 2. The normal-world kernel issues <see cref="Call"/> with its registers; each call costs an SMC
///    round trip of simulated time.
/// 3. With no firmware installed, every call answers SMCCC "unknown function", as a monitor with no
///    secure payload does.
/// </summary>
public sealed class SecureMonitor
{
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private readonly Trace _trace;
    private ISmcHandler? _handler;
    private int _depth;

    public SecureMonitor(SimClock clock, CostModel costs, Trace trace)
    {
        _clock = clock;
        _costs = costs;
        _trace = trace;
    }

    /// <summary>Whether secure firmware sits behind the monitor.</summary>
    public bool HasFirmware => _handler is not null;

    /// <summary>Number of SMCs issued so far.</summary>
    public ulong CallCount { get; private set; }

    /// <summary>Installs the secure firmware's entry point; the monitor accepts one, at boot.</summary>
    public void Install(ISmcHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_handler is not null)
        {
            throw new InvalidOperationException("secure firmware is already installed behind the monitor; it is installed once, at boot");
        }

        _handler = handler;
    }

    /// <summary>An SMC from the normal world: the registers go in, the firmware's results come back in them.</summary>
    public void Call(ref SmcRegisters registers)
    {
        if (_depth > 0)
        {
            throw new InvalidOperationException("an SMC was issued while the secure world was running: the model has one CPU and no re-entry into the monitor");
        }

        CallCount++;
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.SmcCall, "smc", registers.A0));
        }

        _clock.Advance(_costs.SmcRoundTrip);

        var function = registers.A0;

        if (_handler is null)
        {
            registers.A0 = SmcRegisters.SmcccUnknownFunction;
            return;
        }

        _depth++;
        try
        {
            _handler.HandleSmc(ref registers);
        }
        finally
        {
            _depth--;
            if (_trace.IsEnabled)
            {
                _trace.Record(new TraceEvent(_clock.Now, TraceKind.SmcReturn, "smc", function, Value: registers.A0));
            }
        }
    }
}
