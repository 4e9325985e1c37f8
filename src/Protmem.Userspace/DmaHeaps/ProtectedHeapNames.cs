namespace Protmem.Userspace.DmaHeaps;

/// <summary>
/// The protected heaps' names (drivers/tee/tee_heap.c), one per TEE use case; a program picks
/// one by name, e.g. xtest's --heap-name.
/// </summary>
public static class ProtectedHeapNames
{
    /// <summary>Use case 1, the only one mainline's OP-TEE driver registers.</summary>
    public const string SecureVideo = "protected,secure-video";

    /// <summary>Use case 2.</summary>
    public const string TrustedUi = "protected,trusted-ui";

    /// <summary>Use case 3.</summary>
    public const string SecureVideoRecord = "protected,secure-video-record";

    /// <summary>Use case 4: key buffers only the crypto engine may read. Model: Linux's heaps stop at use case 3.</summary>
    public const string CryptoKey = "protected,crypto-key";

    /// <summary>Every protected heap name, by use case 1..4.</summary>
    public static IReadOnlyList<string> All { get; } = [SecureVideo, TrustedUi, SecureVideoRecord, CryptoKey];

    /// <summary>The heap name of a use case (1, 2, 3); throws for 0 (reserved) or an unknown use case.</summary>
    public static string ForUseCase(uint useCase) => useCase switch
    {
        1 => SecureVideo,
        2 => TrustedUi,
        3 => SecureVideoRecord,
        4 => CryptoKey,
        _ => throw new ArgumentOutOfRangeException(nameof(useCase), useCase, "protected heaps exist for use cases 1 (secure video), 2 (trusted UI), 3 (secure video record) and 4 (crypto-key)"),
    };

    /// <summary>The use case (TEE_IOC_UC_*) of a use-case word (secure-video, trusted-ui, secure-video-record, crypto-key), or null for another word.</summary>
    public static uint? UseCaseNamed(string word) => UseCaseOf("protected," + word);

    /// <summary>The use case of a protected heap name, or null when the name is not one.</summary>
    public static uint? UseCaseOf(string heapName)
    {
        var index = All.ToList().IndexOf(heapName);
        return index < 0 ? null : (uint)index + 1;
    }

    /// <summary>
    /// The heap xtest allocates its SDP buffers from, among <paramref name="heaps"/> (the entries of
    /// /dev/dma_heap): the secure-video heap, or on the Linaro design its restricted heap; null when the
    /// board has neither (the seed design's TEE_IOC_RSTMEM_ALLOC offers no heap).
    /// </summary>
    public static string? SdpHeapAmong(IEnumerable<string> heaps)
    {
        ArgumentNullException.ThrowIfNull(heaps);
        var list = heaps.ToList();
        return list.FirstOrDefault(h => h == SecureVideo) ?? list.FirstOrDefault(h => h.StartsWith(RestrictedPrefix, StringComparison.Ordinal));
    }

    private const string RestrictedPrefix = "restricted";
}
