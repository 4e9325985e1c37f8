using System.Diagnostics;
using Protmem.Platform.Exec;

namespace Protmem.Platform.Tests.Exec;

/// <summary>The tests' C programs (Exec/c/*.c), compiled once per test run with gcc against the system's headers.</summary>
public sealed class CPrograms : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"protmem-exec-tests-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _built = [];
    private readonly Lock _lock = new();

    public CPrograms() => Directory.CreateDirectory(_directory);

    /// <summary>The path of the built program <paramref name="name"/> (Exec/c/<paramref name="name"/>.c).</summary>
    public string Build(string name)
    {
        lock (_lock)
        {
            if (_built.TryGetValue(name, out var built))
            {
                return built;
            }

            var source = Path.Combine(AppContext.BaseDirectory, "Exec", "c", name + ".c");
            var binary = Path.Combine(_directory, name);
            var start = new ProcessStartInfo("gcc") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror", "-o", binary, source })
            {
                start.ArgumentList.Add(argument);
            }

            using var gcc = Process.Start(start)!;
            var errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            Assert.True(gcc.ExitCode == 0, $"gcc failed on {source} (install gcc and linux-libc-dev):\n{errors}");
            _built[name] = binary;
            return binary;
        }
    }

    /// <summary>Runs a built program under <c>protmem exec</c> on <paramref name="platform"/>, output captured.</summary>
    public ExecResult Run(string platform, string name, params string[] arguments) => RunWithFault(platform, name, null, arguments);

    /// <summary>As <see cref="Run"/>, with <paramref name="beforeRequest"/> called before the model serves each request (it may throw: a model bug).</summary>
    public ExecResult RunWithFault(string platform, string name, Action<string>? beforeRequest, params string[] arguments)
    {
        var diagnostics = new StringWriter();
        var result = ExecSession.Run(new ExecOptions
        {
            Platform = platform,
            Command = [Build(name), .. arguments],
            CaptureOutput = true,
            Diagnostics = diagnostics,
            BeforeRequest = beforeRequest,
        });
        return result with { StandardError = result.StandardError + diagnostics };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
