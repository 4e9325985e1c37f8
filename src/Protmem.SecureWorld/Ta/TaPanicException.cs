namespace Protmem.SecureWorld.Ta;

/// <summary>TEE_Panic: the TA has crashed; the core answers TARGET_DEAD and the session is dead.</summary>
internal sealed class TaPanicException(string reason) : Exception(reason)
{
    public TaPanicException()
        : this("TA panic")
    {
    }

    public TaPanicException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}
