namespace Protmem.Userspace.Xtest;

/// <summary>
/// The options of <c>xtest 1014</c>: --heap-name NAME (a name under /dev/dma_heap or a path; without it
/// the heap /sys/kernel/protmem offers for secure video shared with /dev/tee0). Xtest's own 1014 reads
/// its heap from the build; the option lets one program run on every board.
/// </summary>
public sealed record XtestRegression1014Options
{
    /// <summary>The heap named by --heap-name, or null: the solver's choice.</summary>
    public string? HeapName { get; init; }

    /// <summary>
    /// Parses the arguments after "1014". Throws <see cref="ArgumentException"/> naming the bad
    /// argument; returns null for -h/--help.
    /// </summary>
    public static XtestRegression1014Options? Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Any(a => a is "-h" or "--help"))
        {
            return null;
        }

        var options = new XtestRegression1014Options();
        for (var i = 0; i < arguments.Count; i++)
        {
            options = arguments[i] switch
            {
                "--heap-name" when i + 1 < arguments.Count => options with { HeapName = arguments[++i] },
                "--heap-name" => throw new ArgumentException("--heap-name: missing argument", nameof(arguments)),
                var other => throw new ArgumentException($"invalid argument: {other}", nameof(arguments)),
            };
        }

        return options;
    }
}
