using Protmem.Uapi.Tee;

namespace Protmem.Userspace.Xtest;

/// <summary>The trusted applications the SDP tests talk to: UUIDs and command ids (spec/tee.md).</summary>
public static class SdpTrustedApps
{
    /// <summary>The sdp_basic TA: 12345678-5b69-11e4-9dbb-101f74f00099.</summary>
    public static TeeUuid SdpBasicTa { get; } = TeeUuid.FromFields(0x12345678, 0x5b69, 0x11e4, [0x9d, 0xbb, 0x10, 0x1f, 0x74, 0xf0, 0x00, 0x99]);

    /// <summary>The invoke-tests pseudo-TA: d96a5b40-c3e5-21e3-8794-1002a5d5c61b.</summary>
    public static TeeUuid InvokeTestsPta { get; } = TeeUuid.FromFields(0xd96a5b40, 0xc3e5, 0x21e3, [0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b]);

    public const uint TA_SDP_BASIC_CMD_INJECT = 0;
    public const uint TA_SDP_BASIC_CMD_TRANSFORM = 1;
    public const uint TA_SDP_BASIC_CMD_DUMP = 2;
    public const uint TA_SDP_BASIC_CMD_INVOKE_INJECT = 3;
    public const uint TA_SDP_BASIC_CMD_INVOKE_TRANSFORM = 4;
    public const uint TA_SDP_BASIC_CMD_INVOKE_DUMP = 5;
    public const uint TA_SDP_BASIC_CMD_PTA_INJECT = 6;
    public const uint TA_SDP_BASIC_CMD_PTA_TRANSFORM = 7;
    public const uint TA_SDP_BASIC_CMD_PTA_DUMP = 8;

    public const uint PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC = 3;
    public const uint PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC = 4;
    public const uint PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC = 5;

    /// <summary>The TA a sub-test opens its session with.</summary>
    public static TeeUuid SessionTarget(SdpTarget target) => target == SdpTarget.NsToPta ? InvokeTestsPta : SdpBasicTa;

    /// <summary>The (inject, transform, dump) command ids of a sub-test.</summary>
    public static (uint Inject, uint Transform, uint Dump) Commands(SdpTarget target) => target switch
    {
        SdpTarget.NsToTa => (TA_SDP_BASIC_CMD_INJECT, TA_SDP_BASIC_CMD_TRANSFORM, TA_SDP_BASIC_CMD_DUMP),
        SdpTarget.TaToTa => (TA_SDP_BASIC_CMD_INVOKE_INJECT, TA_SDP_BASIC_CMD_INVOKE_TRANSFORM, TA_SDP_BASIC_CMD_INVOKE_DUMP),
        SdpTarget.TaToPta => (TA_SDP_BASIC_CMD_PTA_INJECT, TA_SDP_BASIC_CMD_PTA_TRANSFORM, TA_SDP_BASIC_CMD_PTA_DUMP),
        SdpTarget.NsToPta => (PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC, PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC, PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "not an SDP sub-test target"),
    };

    /// <summary>What TRANSFORM makes of a byte: (~b + 1) &amp; 0xff.</summary>
    public static byte Transformed(byte b) => unchecked((byte)(~b + 1));
}
