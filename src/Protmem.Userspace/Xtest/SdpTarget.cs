namespace Protmem.Userspace.Xtest;

/// <summary>Who touches the SDP buffer in an sdp_basic sub-test (xtest's enum test_target_ta).</summary>
public enum SdpTarget
{
    /// <summary>The non-secure client invokes the SDP TA (commands 0–2).</summary>
    NsToTa,

    /// <summary>The SDP TA forwards to itself in a TA-to-TA session (commands 3–5).</summary>
    TaToTa,

    /// <summary>The SDP TA forwards to the invoke-tests pseudo-TA (commands 6–8).</summary>
    TaToPta,

    /// <summary>The non-secure client invokes the pseudo-TA directly: must fail.</summary>
    NsToPta,
}
