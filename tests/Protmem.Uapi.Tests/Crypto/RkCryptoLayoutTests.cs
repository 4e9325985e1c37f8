using System.Diagnostics;
using System.Globalization;
using Protmem.Uapi.Crypto;

namespace Protmem.Uapi.Tests.Crypto;

/// <summary>
/// The crypto device's model uapi (in no kernel header): sizes, offsets and ioctl numbers pinned, and the
/// same declaration compiled with gcc over linux/ioctl.h so the C layout and _IOW/_IOWR numbers agree.
/// </summary>
public sealed class RkCryptoLayoutTests
{
    private const string Declaration = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/types.h>
        #include <linux/ioctl.h>
        struct rk_crypto_import_key { __s32 fd; __u32 key_len; __u32 flags; __u32 handle; };
        struct rk_crypto_run { __u32 handle; __u32 mode; __u8 iv[16]; __u64 src; __u64 dst; __u64 length; __u32 flags; __u32 reserved; };
        struct rk_crypto_destroy_key { __u32 handle; __u32 reserved; };
        #define RK_CRYPTO_IOC_IMPORT_KEY _IOWR('c', 0x00, struct rk_crypto_import_key)
        #define RK_CRYPTO_IOC_RUN _IOW('c', 0x01, struct rk_crypto_run)
        #define RK_CRYPTO_IOC_DESTROY_KEY _IOW('c', 0x02, struct rk_crypto_destroy_key)
        #define P(name, value) printf("%s=%lu\n", name, (unsigned long)(value))
        int main(void)
        {
            P("sizeof_import", sizeof(struct rk_crypto_import_key));
            P("sizeof_run", sizeof(struct rk_crypto_run));
            P("sizeof_destroy", sizeof(struct rk_crypto_destroy_key));
            P("run.iv", offsetof(struct rk_crypto_run, iv));
            P("run.src", offsetof(struct rk_crypto_run, src));
            P("run.dst", offsetof(struct rk_crypto_run, dst));
            P("run.length", offsetof(struct rk_crypto_run, length));
            P("run.flags", offsetof(struct rk_crypto_run, flags));
            P("run.reserved", offsetof(struct rk_crypto_run, reserved));
            P("import.handle", offsetof(struct rk_crypto_import_key, handle));
            P("ioc_import", RK_CRYPTO_IOC_IMPORT_KEY);
            P("ioc_run", RK_CRYPTO_IOC_RUN);
            P("ioc_destroy", RK_CRYPTO_IOC_DESTROY_KEY);
            return 0;
        }
        """;

    [Fact]
    public void Ioctls_Numbers_ArePinned()
    {
        Assert.Equal(0xC0106300U, RkCryptoIoctl.RK_CRYPTO_IOC_IMPORT_KEY);
        Assert.Equal(0x40386301U, RkCryptoIoctl.RK_CRYPTO_IOC_RUN);
        Assert.Equal(0x40086302U, RkCryptoIoctl.RK_CRYPTO_IOC_DESTROY_KEY);
    }

    [Fact]
    public void Layouts_SizesAndOffsets_ArePinnedAndMarkedModel()
    {
        Assert.Equal((16, 56, 8), (RkCryptoImportKey.Layout.Size, RkCryptoRun.Layout.Size, RkCryptoDestroyKey.Layout.Size));
        Assert.Equal(8, RkCryptoRun.Layout.Field("iv").Offset);
        Assert.Equal(24, RkCryptoRun.Layout.Field("src").Offset);
        Assert.Equal(48, RkCryptoRun.Layout.Field("flags").Offset);
        Assert.Equal(12, RkCryptoImportKey.Layout.Field("handle").Offset);
        Assert.All([RkCryptoImportKey.Layout, RkCryptoRun.Layout, RkCryptoDestroyKey.Layout], l => Assert.Equal(AbiSource.Model, l.Source));
    }

    [Fact]
    public void Run_WriteThenRead_RoundTripsEveryFieldAndTheIvInMemoryOrder()
    {
        var iv = Enumerable.Range(0, 16).Select(i => (byte)(i + 1)).ToArray();
        var run = new RkCryptoRun { Handle = 7, Mode = 2, Src = 0x1122, Dst = 0x3344, Length = 4096, Flags = 3, Reserved = 0 };
        run.SetIv(iv);
        var bytes = new byte[RkCryptoRun.Size];
        run.Write(bytes);

        Assert.Equal(iv, bytes.AsSpan(8, 16).ToArray());
        var back = RkCryptoRun.Read(bytes);
        Assert.Equal(run, back);
        Assert.Equal(iv, back.IvBytes());
    }

    [Fact]
    public void Declaration_CompiledWithGcc_AgreesWithTheCSharpLayoutsAndNumbers()
    {
        var printed = CompileAndRun(Declaration);

        Assert.Equal(RkCryptoImportKey.Size.ToString(CultureInfo.InvariantCulture), printed["sizeof_import"]);
        Assert.Equal(RkCryptoRun.Size.ToString(CultureInfo.InvariantCulture), printed["sizeof_run"]);
        Assert.Equal(RkCryptoDestroyKey.Size.ToString(CultureInfo.InvariantCulture), printed["sizeof_destroy"]);
        foreach (var field in new[] { "iv", "src", "dst", "length", "flags", "reserved" })
        {
            Assert.Equal(RkCryptoRun.Layout.Field(field).Offset.ToString(CultureInfo.InvariantCulture), printed["run." + field]);
        }

        Assert.Equal(RkCryptoImportKey.Layout.Field("handle").Offset.ToString(CultureInfo.InvariantCulture), printed["import.handle"]);
        Assert.Equal(RkCryptoIoctl.RK_CRYPTO_IOC_IMPORT_KEY.ToString(CultureInfo.InvariantCulture), printed["ioc_import"]);
        Assert.Equal(RkCryptoIoctl.RK_CRYPTO_IOC_RUN.ToString(CultureInfo.InvariantCulture), printed["ioc_run"]);
        Assert.Equal(RkCryptoIoctl.RK_CRYPTO_IOC_DESTROY_KEY.ToString(CultureInfo.InvariantCulture), printed["ioc_destroy"]);
    }

    private static Dictionary<string, string> CompileAndRun(string program)
    {
        var dir = Directory.CreateTempSubdirectory("protmem-rk-crypto-");
        try
        {
            var source = Path.Combine(dir.FullName, "abi.c");
            var binary = Path.Combine(dir.FullName, "abi");
            File.WriteAllText(source, program);
            var (code, _, errors) = Run("gcc", ["-std=gnu11", "-Wall", "-Werror", "-o", binary, source]);
            Assert.True(code == 0, $"gcc failed (install gcc and linux-libc-dev):\n{errors}");
            var (runCode, stdout, runErrors) = Run(binary, []);
            Assert.True(runCode == 0, runErrors);
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr);
    }
}
