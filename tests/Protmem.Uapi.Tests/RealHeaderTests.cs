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
/// offsetof; each must equal the C# value.
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

        /* Linux 6.18 (v12 5/9): used only when this machine's tee.h predates it. */
        #ifndef TEE_IOC_SHM_REGISTER_FD
        #define PROTMEM_DECLARED_LINUX618 1
        struct tee_ioctl_shm_register_fd_data {
            __s64 fd;
            __u64 size;
            __u32 flags;
            __s32 id;
        };
        #define TEE_IOC_SHM_REGISTER_FD _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 8, struct tee_ioctl_shm_register_fd_data)
        #else
        #define PROTMEM_DECLARED_LINUX618 0
        #endif

        /* Linux 6.4 (sync_file.h): used only when this machine's header predates it. */
        #ifndef SYNC_IOC_SET_DEADLINE
        #define PROTMEM_DECLARED_SET_DEADLINE 1
        struct sync_set_deadline {
            __u64 deadline_ns;
            __u64 pad;
        };
        #define SYNC_IOC_SET_DEADLINE _IOW(SYNC_IOC_MAGIC, 5, struct sync_set_deadline)
        #else
        #define PROTMEM_DECLARED_SET_DEADLINE 0
        #endif

        /* include/uapi/drm/drm.h: Debian ships it in libdrm-dev (as libdrm/drm.h); declared here when absent. */
        #if __has_include(<drm/drm.h>)
        #include <drm/drm.h>
        #define PROTMEM_DECLARED_DRM 0
        #elif __has_include(<libdrm/drm.h>)
        #include <libdrm/drm.h>
        #define PROTMEM_DECLARED_DRM 0
        #else
        #define PROTMEM_DECLARED_DRM 1
        struct drm_version {
            int version_major;
            int version_minor;
            int version_patchlevel;
            __kernel_size_t name_len;
            char *name;
            __kernel_size_t date_len;
            char *date;
            __kernel_size_t desc_len;
            char *desc;
        };
        struct drm_prime_handle {
            __u32 handle;
            __u32 flags;
            __s32 fd;
        };
        struct drm_gem_close {
            __u32 handle;
            __u32 pad;
        };
        struct drm_get_cap {
            __u64 capability;
            __u64 value;
        };
        #define DRM_IOCTL_BASE 'd'
        #define DRM_COMMAND_BASE 0x40
        #define DRM_COMMAND_END 0xA0
        #define DRM_CLOEXEC O_CLOEXEC
        #define DRM_RDWR O_RDWR
        #define DRM_CAP_PRIME 0x5
        #define DRM_PRIME_CAP_IMPORT 0x1
        #define DRM_PRIME_CAP_EXPORT 0x2
        #define DRM_CAP_TIMESTAMP_MONOTONIC 0x6
        #define DRM_CAP_SYNCOBJ 0x13
        #define DRM_CAP_SYNCOBJ_TIMELINE 0x14
        #define DRM_IOCTL_GET_CAP _IOWR(DRM_IOCTL_BASE, 0x0c, struct drm_get_cap)
        #define DRM_IOCTL_VERSION _IOWR(DRM_IOCTL_BASE, 0x00, struct drm_version)
        #define DRM_IOCTL_GEM_CLOSE _IOW(DRM_IOCTL_BASE, 0x09, struct drm_gem_close)
        #define DRM_IOCTL_PRIME_HANDLE_TO_FD _IOWR(DRM_IOCTL_BASE, 0x2d, struct drm_prime_handle)
        #define DRM_IOCTL_PRIME_FD_TO_HANDLE _IOWR(DRM_IOCTL_BASE, 0x2e, struct drm_prime_handle)
        #endif

        /* include/uapi/drm/rocket_accel.h (Linux 6.18): no package on this machine ships it; the merged declaration. */
        #if __has_include(<drm/rocket_accel.h>)
        #include <drm/rocket_accel.h>
        #define PROTMEM_DECLARED_ROCKET 0
        #else
        #define PROTMEM_DECLARED_ROCKET 1
        struct drm_rocket_create_bo {
            __u32 size;
            __u32 handle;
            __u64 dma_address;
            __u64 offset;
        };
        struct drm_rocket_prep_bo {
            __u32 handle;
            __u32 reserved;
            __s64 timeout_ns;
        };
        struct drm_rocket_fini_bo {
            __u32 handle;
            __u32 reserved;
        };
        struct drm_rocket_task {
            __u32 regcmd;
            __u32 regcmd_count;
        };
        struct drm_rocket_job {
            __u64 tasks;
            __u64 in_bo_handles;
            __u64 out_bo_handles;
            __u32 task_count;
            __u32 task_struct_size;
            __u32 in_bo_handle_count;
            __u32 out_bo_handle_count;
        };
        struct drm_rocket_submit {
            __u64 jobs;
            __u32 job_count;
            __u32 job_struct_size;
            __u64 reserved;
        };
        #define DRM_ROCKET_CREATE_BO 0x00
        #define DRM_ROCKET_SUBMIT 0x01
        #define DRM_ROCKET_PREP_BO 0x02
        #define DRM_ROCKET_FINI_BO 0x03
        #define DRM_IOCTL_ROCKET_CREATE_BO _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_CREATE_BO, struct drm_rocket_create_bo)
        #define DRM_IOCTL_ROCKET_SUBMIT _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_SUBMIT, struct drm_rocket_submit)
        #define DRM_IOCTL_ROCKET_PREP_BO _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_PREP_BO, struct drm_rocket_prep_bo)
        #define DRM_IOCTL_ROCKET_FINI_BO _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_FINI_BO, struct drm_rocket_fini_bo)
        #endif

        /* Seed design (TEE_IOC_RSTMEM_ALLOC, series v4/v5): never in a header. */
        struct tee_ioctl_rstmem_alloc_data {
            __u64 size;
            __u32 flags;
            __u32 use_case;
            __s32 id;
        };
        #define TEE_IOC_RSTMEM_ALLOC _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 10, struct tee_ioctl_rstmem_alloc_data)
        #define TEE_GEN_CAP_RSTMEM (1 << 4)
        #define TEE_IOC_UC_RESERVED 0
        #define TEE_IOC_UC_SECURE_VIDEO_PLAY 1
        #define TEE_IOC_UC_TRUSTED_UI 2
        #define TEE_IOC_UC_SECURE_VIDEO_RECORD 3

        int main(void)
        {
            printf("declared-linux618=%d\n", PROTMEM_DECLARED_LINUX618);
            printf("declared-drm=%d\n", PROTMEM_DECLARED_DRM);
            printf("declared-rocket=%d\n", PROTMEM_DECLARED_ROCKET);
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
                if (source is AbiSource.Header or AbiSource.Linux618 or AbiSource.DrmHeader or AbiSource.RocketHeader or AbiSource.SeedDesign or AbiSource.HeaderEnum)
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

            var (compileCode, _, compileErrors) = Run("gcc", ["-std=gnu11", "-Wall", "-Werror", "-o", binary, source]);
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
