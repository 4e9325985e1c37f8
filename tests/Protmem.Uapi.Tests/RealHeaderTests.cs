using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Xunit.Abstractions;

namespace Protmem.Uapi.Tests;

/// <summary>
/// The whole ABI against the machine's real headers: a C program, generated from
/// <see cref="UapiAbi"/>, is compiled with gcc against /usr/include/linux/{dma-heap,dma-buf,tee}.h
/// and sync_file.h (and libc's errno.h, fcntl.h, sys/mman.h) and prints every ioctl number, constant, sizeof and
/// offsetof; each must equal the C# value. What a machine's headers may lack is declared in one file per
/// header under Headers/ (protmem-tee-linux618.h, protmem-drm.h, ...), each used only where the header is missing.
/// <list type="bullet">
/// <item>Linux 6.18 items (TEE_IOC_SHM_REGISTER_FD and its struct) are checked against the header when
/// it has them; an older linux-libc-dev lacks them, and then they are checked against the merged
/// declaration carried here (gcc still computes the layout and the _IOWR number).</item>
/// <item>The DRM structs and ioctls (drm/drm.h, which Debian ships in libdrm-dev) are checked against
/// that header when present, else against the uapi declaration carried here.</item>
/// <item>rocket_accel.h (Linux 6.18) is in no package of the supported machines: its structs and ioctls are
/// checked against the merged declaration carried here (gcc computes the layout and the _IOW/_IOWR numbers);
/// the header is used instead when a machine has it.</item>
/// <item>The seed design (TEE_IOC_RSTMEM_ALLOC, tee_ioctl_rstmem_alloc_data, TEE_IOC_UC_*,
/// TEE_GEN_CAP_RSTMEM) is in no header: it is checked by encoding arithmetic only, with gcc's
/// _IOWR and layout over the declaration of the v4/v5 postings carried here.</item>
/// <item>GlobalPlatform results, kernel-internal shm flags and model facts are not header macros; other tests pin them.</item>
/// </list>
/// </summary>
public sealed class RealHeaderTests(ITestOutputHelper output)
{
    private static readonly string[] KernelHeaders =
    [
        "/usr/include/linux/dma-heap.h",
        "/usr/include/linux/dma-buf.h",
        "/usr/include/linux/tee.h",
        "/usr/include/linux/sync_file.h",
    ];

    /// <summary>The declarations carried for what a machine's headers may lack, one file per header (Headers/protmem-*.h, copied beside the tests).</summary>
    private static readonly string HeadersDirectory = Path.Combine(AppContext.BaseDirectory, "Headers");

    private const string Prologue = """
        #include <stddef.h>
        #include <stdio.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <unistd.h>
        #include <poll.h>
        #include <sys/mman.h>
        #include <linux/ioctl.h>
        #include <linux/types.h>
        #include <linux/dma-heap.h>
        #include <linux/dma-buf.h>
        #include <linux/tee.h>
        #include <linux/sync_file.h>
        #include <linux/videodev2.h>

        #define P(name, expr) printf("%s=%llu\n", name, (unsigned long long)(expr))

        #include "protmem-tee-linux618.h"
        #include "protmem-sync-file-linux64.h"
        #include "protmem-drm.h"
        #include "protmem-rocket-accel.h"
        #include "protmem-panthor-drm.h"
        #include "protmem-seed-design.h"

        int main(void)
        {
            printf("declared-linux618=%d\n", PROTMEM_DECLARED_LINUX618);
            printf("declared-drm=%d\n", PROTMEM_DECLARED_DRM);
            printf("declared-rocket=%d\n", PROTMEM_DECLARED_ROCKET);
            printf("declared-panthor=%d\n", PROTMEM_DECLARED_PANTHOR);
            printf("declared-set-deadline=%d\n", PROTMEM_DECLARED_SET_DEADLINE);

        """;

    [Fact]
    public void EveryNumberSizeAndOffset_EqualsGccOverRealHeaders()
    {
        RequireToolchain();
        var facts = CSharpFacts();
        var printed = CompileAndRun(GenerateProgram(facts));

        var declaredLinux618 = printed["declared-linux618"] == "1";
        output.WriteLine(declaredLinux618
            ? "This machine's tee.h predates Linux 6.18: TEE_IOC_SHM_REGISTER_FD and its struct were checked against the merged declaration."
            : "TEE_IOC_SHM_REGISTER_FD and its struct were checked against this machine's tee.h.");
        output.WriteLine(printed["declared-drm"] == "1"
            ? "No drm/drm.h on this machine (libdrm-dev): the DRM structs and ioctls were checked against the uapi declaration."
            : "The DRM structs and ioctls were checked against this machine's drm/drm.h.");
        output.WriteLine(printed["declared-rocket"] == "1"
            ? "No drm/rocket_accel.h on this machine: the rocket structs and ioctls were checked against the merged Linux 6.18 declaration (gcc layout and _IOW/_IOWR)."
            : "The rocket structs and ioctls were checked against this machine's drm/rocket_accel.h.");
        output.WriteLine(printed["declared-panthor"] == "1"
            ? "No drm/panthor_drm.h on this machine: the panthor structs and ioctls were checked against the merged Linux 6.18 declaration (gcc layout and _IOWR)."
            : "The panthor structs and ioctls were checked against this machine's drm/panthor_drm.h.");
        output.WriteLine(printed["declared-set-deadline"] == "1"
            ? "This machine's sync_file.h predates Linux 6.4: SYNC_IOC_SET_DEADLINE and struct sync_set_deadline were checked against the merged declaration."
            : "SYNC_IOC_SET_DEADLINE and struct sync_set_deadline were checked against this machine's sync_file.h.");
        output.WriteLine("Seed design (TEE_IOC_RSTMEM_ALLOC, tee_ioctl_rstmem_alloc_data, TEE_IOC_UC_*, TEE_GEN_CAP_RSTMEM): not in any header, checked by _IOWR arithmetic and gcc layout only.");

        var mismatches = new List<string>();
        foreach (var (name, value, _) in facts)
        {
            if (!printed.TryGetValue(name, out var cValue))
            {
                mismatches.Add($"{name}: not printed by the C program");
            }
            else if (cValue == "absent")
            {
                mismatches.Add($"{name}: not defined by the machine's headers");
            }
            else if (cValue != value.ToString(CultureInfo.InvariantCulture))
            {
                mismatches.Add($"{name}: C says {cValue}, C# says {value}");
            }
        }

        output.WriteLine($"{facts.Count} facts compared.");
        Assert.True(mismatches.Count == 0, "ABI mismatches against the real headers:\n" + string.Join('\n', mismatches));
        Assert.Contains(facts, f => f.Name == "DMA_HEAP_IOCTL_ALLOC");
        Assert.Contains(facts, f => f.Name == "DRM_IOCTL_ROCKET_SUBMIT");
        Assert.Contains(facts, f => f.Name == "offsetof(struct drm_rocket_job, out_bo_handle_count)");
        Assert.Contains(facts, f => f.Name == "offsetof(struct tee_ioctl_open_session_arg, num_params)");
    }

    /// <summary>Every value the C# side defines that gcc can check: (C expression, value, guarded by #ifdef).</summary>
    private static List<(string Name, ulong Value, bool IsMacro)> CSharpFacts()
    {
        var facts = new List<(string, ulong, bool)>();
        foreach (var type in UapiAbi.ConstantClasses)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                var source = field.GetCustomAttribute<AbiSourceAttribute>()?.Source ?? AbiSource.Header;
                if (source is AbiSource.Header or AbiSource.Linux618 or AbiSource.DrmHeader or AbiSource.RocketHeader or AbiSource.PanthorHeader or AbiSource.SeedDesign or AbiSource.HeaderEnum)
                {
                    facts.Add((field.Name, Convert.ToUInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture), source != AbiSource.HeaderEnum));
                }
            }
        }

        foreach (var layout in UapiAbi.Structs)
        {
            facts.Add(($"sizeof(struct {layout.CName})", (ulong)layout.Size, false));
            foreach (var field in layout.Fields)
            {
                facts.Add(($"offsetof(struct {layout.CName}, {field.CName})", (ulong)field.Offset, false));
                facts.Add(($"sizeof(((struct {layout.CName} *)0)->{field.CName})", (ulong)field.Width, false));
            }
        }

        return facts;
    }

    private static string GenerateProgram(List<(string Name, ulong Value, bool IsMacro)> facts)
    {
        var c = new StringBuilder(Prologue);
        foreach (var (name, _, isMacro) in facts)
        {
            if (isMacro)
            {
                c.Append(CultureInfo.InvariantCulture, $"#ifdef {name}\n    P(\"{name}\", {name});\n#else\n    printf(\"{name}=absent\\n\");\n#endif\n");
            }
            else
            {
                c.Append(CultureInfo.InvariantCulture, $"    P(\"{name}\", {name});\n");
            }
        }

        c.Append("    return 0;\n}\n");
        return c.ToString();
    }

    private static Dictionary<string, string> CompileAndRun(string program)
    {
        var dir = Directory.CreateTempSubdirectory("protmem-abi-");
        try
        {
            var source = Path.Combine(dir.FullName, "abi.c");
            var binary = Path.Combine(dir.FullName, "abi");
            File.WriteAllText(source, program);

            var (compileCode, _, compileErrors) = Run("gcc", ["-std=gnu11", "-Wall", "-Werror", "-iquote", HeadersDirectory, "-o", binary, source]);
            Assert.True(compileCode == 0, $"gcc failed on the generated ABI program:\n{compileErrors}");

            var (runCode, stdout, runErrors) = Run(binary, []);
            Assert.True(runCode == 0, $"the ABI program failed: {runErrors}");

            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts[1]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr);
    }

    private static void RequireToolchain()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var hasGcc = path.Split(':').Any(dir => File.Exists(Path.Combine(dir, "gcc")));
        Assert.True(hasGcc, "gcc is not installed: the ABI check compiles C against the real headers. Install the Debian packages gcc and linux-libc-dev (apt-get install gcc linux-libc-dev).");

        var missing = KernelHeaders.Where(h => !File.Exists(h)).ToList();
        Assert.True(missing.Count == 0, $"missing kernel uapi headers {string.Join(", ", missing)}: install the Debian package linux-libc-dev (and gcc).");
    }
}
