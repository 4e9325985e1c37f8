namespace Protmem.SecureWorld.Tests;

/// <summary>Base of the firmware tests: every board a test builds has its invariants checked after the test.</summary>
public abstract class FirmwareTest : IDisposable
{
    private readonly List<TestBoard> _boards = [];

    internal TestBoard Use(TestBoard board)
    {
        _boards.Add(board);
        return board;
    }

    public void Dispose()
    {
        foreach (var board in _boards)
        {
            board.Firmware.AssertInvariants();
        }

        GC.SuppressFinalize(this);
    }
}
