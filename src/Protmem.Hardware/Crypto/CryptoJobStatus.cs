namespace Protmem.Hardware.Crypto;

/// <summary>How a job ended (the engine's interrupt status).</summary>
public enum CryptoJobStatus
{
    /// <summary>Every byte was processed and written.</summary>
    Done = 0,

    /// <summary>The key could not be read: nothing was processed.</summary>
    KeyReadFault = 1,

    /// <summary>A source read was refused: the job stopped there.</summary>
    SourceReadFault = 2,

    /// <summary>A destination write was refused: the job stopped there.</summary>
    DestinationWriteFault = 3,
}
