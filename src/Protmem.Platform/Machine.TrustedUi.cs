namespace Protmem.Platform;

/// <summary>The trusted UI's side of the machine: the secure-only touchscreen a person taps.</summary>
public sealed partial class Machine
{
    /// <summary>TEE_DMA_HEAP_TRUSTED_UI.</summary>
    private const uint TrustedUiUseCase = 2;

    /// <summary>The touchscreen panel's size, or null on a board without one.</summary>
    public (int Width, int Height)? TouchPanel => Soc.TouchControllers.Values.FirstOrDefault() is { } touch ? (touch.Width, touch.Height) : null;

    /// <summary>Null when the board runs the trusted-UI TA; else why it does not.</summary>
    public string? TrustedUiUnavailableReason =>
        Soc.TouchControllers.Count == 0 ? $"{Platform.Name} has no secure-only touchscreen (a protmem,dma-touchscreen node with secure-status = \"okay\")"
        : Platform.Tee is not { } tee || !tee.UseCases.Any(u => u.UseCase == TrustedUiUseCase) ? $"{Platform.Name}'s secure world has no trusted-ui protected-memory use case"
        : !HasSecureWorld ? $"{Platform.Name} has no secure world"
        : null;

    /// <summary>
    /// A person taps the touchscreen at (<paramref name="x"/>, <paramref name="y"/>): true when the report reached
    /// memory (only while the trusted UI has the touchscreen pointed at its ring). Throws off the panel or without one.
    /// </summary>
    public bool Touch(int x, int y)
    {
        var touch = Soc.TouchControllers.Values.FirstOrDefault()
            ?? throw new InvalidOperationException($"{Platform.Name} has no touchscreen");
        return touch.Touch(x, y);
    }
}
