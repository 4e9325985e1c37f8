namespace Protmem.Userspace.TeeClient;

/// <summary>A TEEC_Operation: up to four parameters (the rest TEEC_NONE).</summary>
/// <remarks>
/// The parameters are held in four fields, as the C struct holds them inline: an operation of up to four
/// parameters costs no array, and the TEEC_NONE ones exist as objects only once <see cref="Parameters"/>
/// is read (libteec reads NONE parameters for nothing, so calls never need them).
/// </remarks>
public sealed class TeecOperation
{
    private static readonly TeecParameter Unused = TeecParameter.None();

    private TeecParameter? _p0;
    private TeecParameter? _p1;
    private TeecParameter? _p2;
    private TeecParameter? _p3;
    private TeecParameter[]? _all;

    /// <summary>An operation with no parameters (all four TEEC_NONE).</summary>
    public TeecOperation()
    {
    }

    /// <summary>An operation with parameter 0 (the other three TEEC_NONE).</summary>
    public TeecOperation(TeecParameter p0)
    {
        ArgumentNullException.ThrowIfNull(p0);
        _p0 = p0;
    }

    /// <summary>An operation with parameters 0 and 1.</summary>
    public TeecOperation(TeecParameter p0, TeecParameter p1)
        : this(p0)
    {
        ArgumentNullException.ThrowIfNull(p1);
        _p1 = p1;
    }

    /// <summary>An operation with parameters 0 to 2.</summary>
    public TeecOperation(TeecParameter p0, TeecParameter p1, TeecParameter p2)
        : this(p0, p1)
    {
        ArgumentNullException.ThrowIfNull(p2);
        _p2 = p2;
    }

    /// <summary>An operation with all four parameters.</summary>
    public TeecOperation(TeecParameter p0, TeecParameter p1, TeecParameter p2, TeecParameter p3)
        : this(p0, p1, p2)
    {
        ArgumentNullException.ThrowIfNull(p3);
        _p3 = p3;
    }

    /// <summary>An operation with up to four parameters, in order (ArgumentException for more).</summary>
    public TeecOperation(params TeecParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length > Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT)
        {
            throw new ArgumentException($"an operation has at most {Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT} parameters, got {parameters.Length}", nameof(parameters));
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(parameters[i], nameof(parameters));
            Set(i, parameters[i]);
        }
    }

    /// <summary>Exactly four parameters.</summary>
    public IReadOnlyList<TeecParameter> Parameters => _all ??= [Get(0, fill: true), Get(1, fill: true), Get(2, fill: true), Get(3, fill: true)];

    /// <summary>Parameter <paramref name="index"/> (0 to 3) as a call reads it: an unset one is a TEEC_NONE parameter.</summary>
    internal TeecParameter this[int index] => Get(index, fill: false);

    private TeecParameter Get(int index, bool fill)
    {
        var p = index switch
        {
            0 => _p0,
            1 => _p1,
            2 => _p2,
            3 => _p3,
            _ => ThrowNoSuchParameter(index),
        };
        if (p is not null)
        {
            return p;
        }

        if (!fill)
        {
            return Unused;
        }

        p = TeecParameter.None();
        Set(index, p);
        return p;
    }

    // Out of line, so Get inlines where a call reads its four parameters.
    private static TeecParameter ThrowNoSuchParameter(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), $"an operation has parameters 0 to {Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT - 1}, not {index}");

    private void Set(int index, TeecParameter p)
    {
        switch (index)
        {
            case 0:
                _p0 = p;
                break;
            case 1:
                _p1 = p;
                break;
            case 2:
                _p2 = p;
                break;
            default:
                _p3 = p;
                break;
        }
    }
}
