namespace Protmem.Cli.Scenarios;

/// <summary>Every scenario <c>protmem run</c> offers, in the order --help lists them.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new SecureVideoPlaybackScenario(),
        new TrustedUiScenario(),
        new SecureVideoRecordScenario(),
        new CryptoKeyScenario(),
        new ProtectedTextureScenario(),
    ];
}
