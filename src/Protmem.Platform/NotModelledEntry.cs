namespace Protmem.Platform;

/// <summary>
/// A path a program reached that the model does not cover, as a report lists it (the kernel's finding
/// without its type, for the presentation layer).
/// </summary>
/// <param name="What">The missing piece.</param>
/// <param name="Call">The call that reached it.</param>
/// <param name="Process">Who made the call.</param>
/// <param name="Errno">The errno it returned, by name ("EOPNOTSUPP"), or "0".</param>
/// <param name="Count">How many calls reached it.</param>
public sealed record NotModelledEntry(string What, string Call, string Process, string Errno, int Count);
