namespace Protmem.Uapi;

/// <summary>Marks a uapi constant that is not a plain header macro; see <see cref="AbiSource"/>.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false)]
public sealed class AbiSourceAttribute(AbiSource source) : Attribute
{
    public AbiSource Source { get; } = source;
}
