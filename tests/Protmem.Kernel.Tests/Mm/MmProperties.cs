using FsCheck;
using Microsoft.FSharp.Core;

namespace Protmem.Kernel.Tests.Mm;

/// <summary>FsCheck settings for the mm properties: a fixed seed, so every run checks the same cases.</summary>
internal static class MmProperties
{
    public static Config Seeded(int maxTest, ulong seed) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E37_79B9_7F4A_7C15), FSharpOption<int>.None)));
}
