namespace Protmem.Uapi;

/// <summary>poll(2)'s event bits (<c>asm-generic/poll.h</c>, as libc's <c>poll.h</c> defines them).</summary>
public static class Poll
{
    /// <summary>There is data to read.</summary>
    public const short POLLIN = 0x001;

    /// <summary>There is urgent data to read.</summary>
    public const short POLLPRI = 0x002;

    /// <summary>Writing now will not block.</summary>
    public const short POLLOUT = 0x004;

    /// <summary>Error condition (always reported, whatever was asked).</summary>
    public const short POLLERR = 0x008;

    /// <summary>Hung up (always reported).</summary>
    public const short POLLHUP = 0x010;

    /// <summary>The fd is not open (always reported).</summary>
    public const short POLLNVAL = 0x020;

    /// <summary>Normal data may be read.</summary>
    public const short POLLRDNORM = 0x040;

    /// <summary>Writing now will not block.</summary>
    public const short POLLWRNORM = 0x100;
}
