using Protmem.Hardware.Memory;

namespace Protmem.Hardware.Tests;

public sealed class SparseDramTests : DramTests
{
    protected override DramBacking Backing => DramBacking.Sparse;
}
