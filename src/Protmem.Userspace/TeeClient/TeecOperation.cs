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

        var all = new TeecParameter[Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT];
        parameters.CopyTo(all, 0);
        for (var i = parameters.Length; i < all.Length; i++)
        {
            all[i] = TeecParameter.None();
        }

        Parameters = all;
    }

    /// <summary>Exactly four parameters.</summary>
    public IReadOnlyList<TeecParameter> Parameters { get; }
}
