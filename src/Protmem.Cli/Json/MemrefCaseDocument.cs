namespace Protmem.Cli.Json;

/// <summary>One memref case of xtest's out-of-bounds sub-test.</summary>
/// <param name="Description">The case.</param>
/// <param name="Offset">The reference's offset into the registered buffer, in bytes.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="ValidReference">Whether the reference lies inside the buffer (the TA must then see it).</param>
/// <param name="Result">The TEEC result ("TEEC_SUCCESS", "TEEC_ERROR_BAD_PARAMETERS", ...).</param>
/// <param name="Origin">Its origin ("TEEC_ORIGIN_TRUSTED_APP", ...).</param>
/// <param name="Passed">Whether the result is what xtest expects.</param>
internal sealed record MemrefCaseDocument(string Description, ulong Offset, ulong Length, bool ValidReference, string Result, string Origin, bool Passed);
