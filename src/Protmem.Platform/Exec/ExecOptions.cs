namespace Protmem.Platform.Exec;

/// <summary>What <see cref="ExecSession.Run"/> runs: a board, a seed, and a host program with its arguments.</summary>
public sealed record ExecOptions
{
    /// <summary>A shipped board name or a .dts/.dtb path.</summary>
    public string Platform { get; init; } = "qemu-virt";

    /// <summary>The machine's seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>Whether the model's trace records.</summary>
    public bool Trace { get; init; }

    /// <summary>The program and its arguments (the program is looked up in PATH when it has no slash).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Where the model's messages go (unsupported calls, model errors); standard error when null.</summary>
    public TextWriter? Diagnostics { get; init; }

    /// <summary>Whether the program's standard output and error are captured into the result instead of shared with this process.</summary>
    public bool CaptureOutput { get; init; }

    /// <summary>The interposer library; the one built next to Protmem.Platform when null.</summary>
    public string? Interposer { get; init; }

    /// <summary>
    /// Called with a request's name before the model serves it; tests throw from it to stand for a bug in
    /// the model's handler (the program must get EIO and the run a model-bug report, never a hang).
    /// </summary>
    internal Action<string>? BeforeRequest { get; init; }
}
