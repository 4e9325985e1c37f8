namespace Protmem.SecureWorld.Ta.TrustedUi;

/// <summary>One PIN entry in progress: the pad shown, where it is drawn, and where the touches land.</summary>
/// <param name="Pad">The shuffled pad on screen.</param>
/// <param name="Framebuffer">The protected framebuffer the pad is drawn in.</param>
/// <param name="TouchRing">The protected report ring the touchscreen writes to.</param>
/// <param name="Enrol">True to enrol a new PIN, false to check one.</param>
internal sealed record TrustedUiEntry(PinPad Pad, TaMemref Framebuffer, TaMemref TouchRing, bool Enrol);
