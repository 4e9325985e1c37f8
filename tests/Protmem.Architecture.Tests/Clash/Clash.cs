namespace Protmem.Architecture.Tests.Clash;

/// <summary>A type named like its namespace, for the naming checker's own test.</summary>
internal sealed class Clash;
