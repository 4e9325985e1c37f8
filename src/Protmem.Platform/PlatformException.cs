namespace Protmem.Platform;

/// <summary>A board that cannot be built: a bad device tree, an unknown platform name, an unreadable file. The message says where.</summary>
public class PlatformException : Exception
{
    public PlatformException()
        : this("the platform cannot be built")
    {
    }

    public PlatformException(string message)
        : base(message)
    {
    }

    public PlatformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
