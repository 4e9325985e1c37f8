namespace Protmem.Userspace.Media.Content;

/// <summary>One frame as the packager made it.</summary>
/// <param name="Index">The frame index (its CTR IV).</param>
/// <param name="Width">The image width.</param>
/// <param name="Height">The image height.</param>
/// <param name="Clear">The PMV1 frame in the clear (what the decoder must receive).</param>
/// <param name="Encrypted">The PMV1 frame encrypted with the content key (what the player handles).</param>
public sealed record PackagedFrame(uint Index, int Width, int Height, byte[] Clear, byte[] Encrypted);
