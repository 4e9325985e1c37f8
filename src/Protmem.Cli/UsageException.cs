namespace Protmem.Cli;

/// <summary>A command line that parses but asks for something impossible: a message and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
}
