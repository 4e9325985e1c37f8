using Protmem.Uapi.Tee;
using Protmem.Userspace.TeeClient;

namespace Protmem.Userspace.Xtest;

/// <summary>What one out-of-bounds invocation answered, and whether that is what xtest requires.</summary>
public sealed record SdpMemrefCaseResult(SdpMemrefCase Case, TeecStatus Status)
{
    /// <summary>
    /// A valid reference must reach the TA (origin TRUSTED_APP, any result); an invalid one must not
    /// (origin not TRUSTED_APP and result GENERIC or BAD_PARAMETERS).
    /// </summary>
    public bool Passed => Case.ValidReference
        ? Status.Origin == TeecOrigin.TEEC_ORIGIN_TRUSTED_APP
        : Status.Origin != TeecOrigin.TEEC_ORIGIN_TRUSTED_APP
          && Status.Result is TeecResult.TEEC_ERROR_GENERIC or TeecResult.TEEC_ERROR_BAD_PARAMETERS;
}
