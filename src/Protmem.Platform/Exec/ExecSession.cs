using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Protmem.Hardware.Memory;

namespace Protmem.Platform.Exec;

/// <summary>
/// Runs an unmodified Linux program on a booted board (<c>protmem exec</c>), the way strace or valgrind wrap
/// one: the interposer (LD_PRELOAD) sends what the program does with the model's device nodes to an
/// <see cref="ExecServer"/>; everything else goes to the real host. DRAM is backed by a memfd so mmap of a
/// model buffer is a real mapping of its pages. After the program and all its children exited, the
/// whole-machine checks run on what is left.
/// </summary>
public static class ExecSession
{
    /// <summary>The interposer's file name, built next to this assembly by the project's build.</summary>
    public const string InterposerFileName = "libprotmem-exec.so";

    /// <summary>The interposer built with this assembly.</summary>
    public static string DefaultInterposer => Path.Combine(AppContext.BaseDirectory, InterposerFileName);

    /// <summary>Boots <see cref="ExecOptions.Platform"/>, runs the program under the model, checks the machine after exit.</summary>
    /// <exception cref="PlatformException">The board cannot boot, the host is not Linux, or the program cannot start.</exception>
    public static unsafe ExecResult Run(ExecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Command.Count == 0 || string.IsNullOrEmpty(options.Command[0]))
        {
            throw new ArgumentException("exec needs a program to run", nameof(options));
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformException("protmem exec runs Linux programs and needs a Linux host");
        }

        var interposer = options.Interposer ?? DefaultInterposer;
        if (!File.Exists(interposer))
        {
            throw new PlatformException($"the interposer {interposer} is missing (it is built with gcc by the Protmem.Platform build)");
        }

        var diagnostics = options.Diagnostics ?? Console.Error;
        using var machine = Machine.Boot(options.Platform, new MachineOptions { Seed = options.Seed, Trace = options.Trace, DramBacking = DramBacking.SharedMemory });
        var socketPath = Path.Combine(Path.GetTempPath(), $"protmem-exec-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        using var server = new ExecServer(machine, socketPath, diagnostics) { BeforeRequest = options.BeforeRequest };
        var exitSignal = stackalloc int[2];
        if (ExecNative.SocketPair(ExecNative.AfUnix, ExecNative.SockStream | ExecNative.SockCloexec, 0, exitSignal) != 0)
        {
            throw new InvalidOperationException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var (readEnd, writeEnd) = (exitSignal[0], exitSignal[1]);
        try
        {
            using var process = StartProgram(options, interposer, socketPath, writeEnd);
            var output = options.CaptureOutput ? process.StandardOutput.ReadToEndAsync() : Task.FromResult("");
            var errors = options.CaptureOutput ? process.StandardError.ReadToEndAsync() : Task.FromResult("");
            server.Serve(readEnd);
            process.WaitForExit();
            server.Finish();
            string? invariantFailure = null;
            try
            {
                machine.CheckInvariants();
            }
            catch (InvalidOperationException e)
            {
                invariantFailure = e.Message;
            }

            var safety = machine.CheckSafety(quiescent: true);
            return new ExecResult(process.ExitCode, [.. server.ModelErrors], invariantFailure, safety, LeftBehind(machine), server.ProcessesServed, output.Result, errors.Result)
            {
                FastPathRequests = server.FastPathRequests,
            };
        }
        finally
        {
            ExecNative.Close(readEnd);
        }
    }

    private static List<string> LeftBehind(Machine machine)
    {
        var left = new List<string>();
        var kernel = machine.Kernel;
        if (kernel.Processes.Count != 0)
        {
            left.Add($"{kernel.Processes.Count} model processes still run after the program exited: {string.Join(", ", kernel.Processes)}");
        }

        if (kernel.DmaBufs.Count != 0)
        {
            left.Add($"{kernel.DmaBufs.Count} dma-bufs are still alive after every process exited");
        }

        if (kernel.LiveFiles != 0)
        {
            left.Add($"{kernel.LiveFiles} files are still open after every process exited");
        }

        return left;
    }

    private static Process StartProgram(ExecOptions options, string interposer, string socketPath, int exitSignal)
    {
        var start = new ProcessStartInfo(options.Command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = options.CaptureOutput,
            RedirectStandardError = options.CaptureOutput,
        };
        foreach (var argument in options.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var preload = start.Environment.TryGetValue("LD_PRELOAD", out var existing) && !string.IsNullOrEmpty(existing) ? $"{interposer} {existing}" : interposer;
        start.Environment["LD_PRELOAD"] = preload;
        start.Environment["PROTMEM_SOCKET"] = socketPath;
        start.Environment["PROTMEM_SERVER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("PROTMEM_CONN_FD");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Exited += (_, _) => ExecNative.Close(exitSignal);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            ExecNative.Close(exitSignal);
            throw new PlatformException($"cannot run {options.Command[0]}: {e.Message}", e);
        }

        return process;
    }
}
