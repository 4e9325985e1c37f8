using System.Globalization;

namespace Protmem.Userspace.Xtest;

/// <summary>
/// The options of <c>xtest --sdp-basic</c>: buffer size (-s, 5000), loops (-n, 1000), heap
/// (--heap-name, a name under /dev/dma_heap or a path; without it the heap /sys/kernel/protmem offers for
/// secure video shared with /dev/tee0), random offset
/// (off with --no-offset), verbosity (1, -v adds one).
/// </summary>
public sealed record SdpBasicOptions
{
    public ulong Size { get; init; } = 5000;

    public ulong Loops { get; init; } = 1000;

    /// <summary>The heap named by --heap-name, or null: the solver's choice (<see cref="HeapSelection.HeapRequest.SecureDataPath"/>).</summary>
    public string? HeapName { get; init; }

    public bool RandomOffset { get; init; } = true;

    public int Verbosity { get; init; } = 1;

    /// <summary>The usage text xtest prints for -h.</summary>
    public static string Usage(string program = "xtest --sdp-basic") => string.Join('\n',
        $"Usage: {program} [OPTION]",
        "Testing basic accesses to secure buffer (SDP) on OP-TEE.",
        "Allocates a secure buffer and invoke a TA to access it.",
        "TA is used to init/transform/dump the secure buffer.",
        "CA check dumped content.",
        "",
        "Options:",
        " -h|--help         Print this help and exit",
        " -v                Be verbose",
        " -s SIZE           SDP buffer byte size [5000]",
        " -n LOOP           Test loop iterations [1000]",
        " --heap-name NAME  Target heap name [the secure-video heap /sys/kernel/protmem offers]",
        " --no-offset       No random offset [0 255] in buffer");

    /// <summary>
    /// Parses xtest's arguments (after --sdp-basic). Throws <see cref="ArgumentException"/> naming
    /// the bad argument; returns null for -h/--help (print <see cref="Usage"/>).
    /// </summary>
    public static SdpBasicOptions? Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Any(a => a is "-h" or "--help"))
        {
            return null;
        }

        var options = new SdpBasicOptions();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            options = argument switch
            {
                "-v" => options with { Verbosity = options.Verbosity + 1 },
                "-s" => options with { Size = Number(arguments, ++i, argument) },
                "-n" => options with { Loops = Number(arguments, ++i, argument) },
                "--heap-name" => options with { HeapName = Value(arguments, ++i, argument) },
                "--no-offset" => options with { RandomOffset = false },
                _ => throw new ArgumentException($"invalid argument: {argument}", nameof(arguments)),
            };
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> arguments, int index, string option) =>
        index < arguments.Count ? arguments[index] : throw new ArgumentException($"{option}: missing argument", nameof(arguments));

    private static ulong Number(IReadOnlyList<string> arguments, int index, string option)
    {
        var text = Value(arguments, index, option);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{option}: '{text}' is not a number", nameof(arguments));
    }
}
