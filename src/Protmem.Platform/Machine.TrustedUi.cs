using Protmem.SecureWorld.Ta.TrustedUi;

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

    /// <summary>
    /// A person looks at the screen (the display's last frame) and reads the PIN pad's keys, row by row; a key that
    /// shows no character reads '?' (all twelve do when the pad is not on screen). Null while the display shows nothing.
    /// </summary>
    public string? LookAtPinPad()
    {
        if (Display is not { Width: > 0, FrameCount: > 0 } display
            || display.Width < PinPadGeometry.MinWidth || display.Height < PinPadGeometry.MinHeight)
        {
            return null;
        }

        return new PinPadGeometry(display.Width, display.Height).Read(display.Screen[..(display.Width * display.Height)]);
    }

    /// <summary>
    /// A person types <paramref name="keys"/> on the PIN pad they see: each key is found on the screen and tapped at
    /// its centre (the panel lies over the screen). False when a key is not on screen or a tap did not reach memory.
    /// </summary>
    public bool TypeOnPinPad(string keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (LookAtPinPad() is not { } layout || TouchPanel is not { } panel)
        {
            return false;
        }

        var geometry = new PinPadGeometry(Display!.Width, Display.Height);
        foreach (var key in keys)
        {
            var index = layout.IndexOf(key, StringComparison.Ordinal);
            if (index < 0)
            {
                return false;
            }

            var (x, y) = geometry.Centre(index);
            if (!Touch(x * panel.Width / geometry.Width, y * panel.Height / geometry.Height))
            {
                return false;
            }
        }

        return true;
    }
}
