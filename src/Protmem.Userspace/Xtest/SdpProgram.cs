using Protmem.Uapi;

namespace Protmem.Userspace.Xtest;

/// <summary>
/// What xtest's SDP programs share: the process they run in, where they print, the caller's seeded
/// test data, and the hook a harness uses to look at the machine between sub-tests.
/// </summary>
public abstract class SdpProgram
{
    private readonly ISyscalls _sys;
    private readonly Action<byte[]> _fillRandom;

    protected SdpProgram(ISyscalls sys, TextWriter output, Action<byte[]> fillRandom)
    {
        ArgumentNullException.ThrowIfNull(sys);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(fillRandom);
        _sys = sys;
        Output = output;
        _fillRandom = fillRandom;
    }

    /// <summary>
    /// Called after each sub-test with its result, e.g. by a harness that checks the whole machine
    /// between sub-tests. The program itself only reports through it.
    /// </summary>
    public Action<SdpSubtestResult>? AfterSubtest { get; init; }

    /// <summary>
    /// Told the fraction of the program's work done (0 to 1) as its loops advance, for a progress display.
    /// Model: the program only reports through it; what it is told never changes what the program does.
    /// </summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>Where the program prints, as xtest prints to stdout.</summary>
    protected TextWriter Output { get; }

    /// <summary>The sub-test runner over this program's process and test data.</summary>
    internal SdpBasicTests CreateTests() => new(_sys, Output, new RandomRing(_fillRandom));
}
