namespace Protmem.Userspace.TeeClient;

/// <summary>A TEEC_Operation: up to four parameters (the rest TEEC_NONE).</summary>
public sealed class TeecOperation
{
    public TeecOperation(params TeecParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length > Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT)
        {
            throw new ArgumentException($"an operation has at most {Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT} parameters, got {parameters.Length}", nameof(parameters));
        }

        Parameters = [.. parameters, .. Enumerable.Range(0, Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT - parameters.Length).Select(_ => TeecParameter.None())];
    }

    /// <summary>Exactly four parameters.</summary>
    public IReadOnlyList<TeecParameter> Parameters { get; }
}
