using FsCheck;
using FsCheck.Fluent;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

public sealed class BuddyAllocatorPropertyTests
{
    private static readonly PfnRange[] Banks = [new(0x80003, 1500), new(0x90000, 1536)];
    private static readonly PfnRange CmaRange = new(0x90000, 1536);

    [Theory]
    [InlineData(false, 0x5eedUL)]
    [InlineData(true, 0xc0ffeeUL)]
    public void RandomOperations_AgainstAReferenceModel_NeverOverlapAndReturnToBootState(bool perCpuPages, ulong seed)
    {
        var operation = from kind in Gen.Choose(0, 6)
                        from order in Gen.Choose(0, 5)
                        from pick in Gen.Choose(0, 1 << 20)
                        select new Operation(kind, order, pick);

        Prop.ForAll(Gen.ArrayOf(operation).ToArbitrary(), operations => Run(perCpuPages, operations))
            .Check(MmProperties.Seeded(120, seed));
    }

    private static void Run(bool perCpuPages, Operation[] operations)
    {
        var buddy = new BuddyAllocator(Banks, perCpuPages);
        var cma = new CmaArea(buddy, "cma", CmaRange);
        var activated = buddy.GetBuddyInfo();
        var owner = new RecordingOwner();
        var model = new ReferenceModel();
        var unmovable = new List<(ulong Pfn, int Order)>();
        var contiguous = new List<(ulong Pfn, ulong Count)>();
        var pinned = new HashSet<ulong>();

        foreach (var op in operations)
        {
            switch (op.Kind)
            {
                case 0 or 1 when buddy.TryAllocPages(op.Order, MigrateType.Unmovable, null, out var pfn):
                    model.Add(pfn, 1UL << op.Order, op.Order);
                    Assert.NotEqual(MigrateType.Cma, buddy.GetPageblockMigratetype(pfn));
                    unmovable.Add((pfn, op.Order));
                    break;
                case 2 when buddy.TryAllocPages(op.Order, MigrateType.Movable, owner, out var pfn):
                    model.Add(pfn, 1UL << op.Order, op.Order);
                    owner.Blocks.Add(pfn, op.Order);
                    break;
                case 3 when unmovable.Count > 0:
                    var (freed, order) = unmovable[op.Pick % unmovable.Count];
                    unmovable.Remove((freed, order));
                    buddy.FreePages(freed, order);
                    model.Remove(freed, 1UL << order);
                    break;
                case 4 when owner.Blocks.Count > 0:
                    var movable = owner.Blocks.Keys.Order().ElementAt(op.Pick % owner.Blocks.Count);
                    if (!pinned.Add(movable))
                    {
                        pinned.Remove(movable);
                        buddy.UnpinPages(movable);
                    }
                    else if (op.Pick % 3 == 0)
                    {
                        buddy.PinPages(movable);
                    }
                    else
                    {
                        pinned.Remove(movable);
                        buddy.FreePages(movable, owner.Blocks[movable]);
                        model.Remove(movable, 1UL << owner.Blocks[movable]);
                        owner.Blocks.Remove(movable);
                    }

                    break;
                case 5:
                    var moves = owner.Moves.Count;
                    var result = cma.Alloc((ulong)(op.Pick % 2 == 0 ? op.Pick % 48 : op.Pick % 384) + 1, op.Order);
                    foreach (var (oldPfn, newPfn, movedOrder) in owner.Moves.Skip(moves))
                    {
                        Assert.DoesNotContain(oldPfn, pinned);
                        model.Remove(oldPfn, 1UL << movedOrder);
                        model.Add(newPfn, 1UL << movedOrder, movedOrder);
                    }

                    if (result.Succeeded)
                    {
                        Assert.True(CmaRange.Contains(result.Pfn) && CmaRange.Contains(result.Pfn + result.Count - 1));
                        Assert.Equal(0UL, result.Pfn % (1UL << op.Order));
                        model.Add(result.Pfn, result.Count, 0);
                        contiguous.Add((result.Pfn, result.Count));
                    }

                    break;
                case 6 when contiguous.Count > 0:
                    var range = contiguous[op.Pick % contiguous.Count];
                    contiguous.Remove(range);
                    Assert.True(cma.Release(range.Pfn, range.Count));
                    model.Remove(range.Pfn, range.Count);
                    break;
                default:
                    break;
            }

            buddy.AssertInvariants();
            cma.AssertInvariants();
            Assert.Equal(buddy.TotalPages, buddy.NrFreePages + buddy.PcpPages + model.Pages);
        }

        foreach (var pfn in pinned)
        {
            buddy.UnpinPages(pfn);
        }

        owner.FreeAll(buddy);
        unmovable.ForEach(block => buddy.FreePages(block.Pfn, block.Order));
        contiguous.ForEach(range => cma.Release(range.Pfn, range.Count));
        buddy.DrainAllPages();
        Assert.Equal(activated, buddy.GetBuddyInfo());
        Assert.Equal(buddy.TotalPages, buddy.NrFreePages);
        buddy.AssertInvariants();
    }

    public sealed record Operation(int Kind, int Order, int Pick);

    /// <summary>The pages handed out, one entry per page: an allocation must never touch one already there.</summary>
    private sealed class ReferenceModel
    {
        private readonly HashSet<ulong> _pages = [];

        public ulong Pages => (ulong)_pages.Count;

        public void Add(ulong pfn, ulong count, int alignOrder)
        {
            Assert.Equal(0UL, pfn % (1UL << alignOrder));
            Assert.Contains(Banks, bank => bank.Contains(pfn) && bank.Contains(pfn + count - 1));
            for (var page = pfn; page < pfn + count; page++)
            {
                Assert.True(_pages.Add(page), $"pfn 0x{page:x} handed out twice");
            }
        }

        public void Remove(ulong pfn, ulong count)
        {
            for (var page = pfn; page < pfn + count; page++)
            {
                Assert.True(_pages.Remove(page));
            }
        }
    }
}
