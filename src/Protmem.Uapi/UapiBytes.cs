namespace Protmem.Uapi;

/// <summary>Length checks shared by the uapi structs' Read and Write.</summary>
internal static class UapiBytes
{
    public static void Require(int available, int size, string cName)
    {
        if (available < size)
        {
            throw new ArgumentException($"struct {cName} needs {size} bytes, got {available}");
        }
    }
}
