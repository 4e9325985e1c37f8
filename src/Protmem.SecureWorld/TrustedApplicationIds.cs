using Protmem.Hardware;

namespace Protmem.SecureWorld;

/// <summary>The UUIDs of the trusted applications this firmware carries.</summary>
public static class TrustedApplicationIds
{
    /// <summary>optee_test's sdp_basic TA.</summary>
    public static TeeUuid SdpBasic { get; } = TeeUuid.Parse("12345678-5b69-11e4-9dbb-101f74f00099");

    /// <summary>optee_os's invoke-tests pseudo-TA (core/pta/tests/invoke.c).</summary>
    public static TeeUuid InvokeTestsPta { get; } = TeeUuid.Parse("d96a5b40-c3e5-21e3-8794-1002a5d5c61b");

    /// <summary>MediaTek's secure-memory TA.</summary>
    public static TeeUuid MtkSecmem { get; } = TeeUuid.Parse("4477588a-8476-11e2-ad15-e41f1390d676");

    /// <summary>Protmem's trusted-UI TA (a PIN pad on a protected plane, touches in protected memory).</summary>
    public static TeeUuid TrustedUi { get; } = TeeUuid.Parse("7475695f-7069-6e70-6164-50524f544d45");
}
