using FsCheck;
using FsCheck.Fluent;
using Protmem.Kernel.Mm;
using static Protmem.Kernel.Mm.MmanFlags;

namespace Protmem.Kernel.Tests.Mm;

public sealed class UserAddressSpacePropertyTests
{
    private const ulong Page = MmConstants.PageSize;
    private const ulong Low = 0x10_0000;
    private const ulong Pages = 64;

    [Fact]
    public void RandomMmapMunmap_AgainstAPageModel_AgreeOnEveryPageAndReference()
    {
        var operation = from kind in Gen.Choose(0, 2)
                        from page in Gen.Choose(0, (int)Pages - 1)
                        from count in Gen.Choose(1, 12)
                        from prot in Gen.Choose(0, 7)
                        select (Kind: kind, Page: (ulong)page, Count: (ulong)count, Prot: prot);

        Prop.ForAll(Gen.ArrayOf(operation).ToArbitrary(), operations =>
        {
            var mm = new UserAddressSpace(Low, Low + (Pages * Page));
            var pages = new Dictionary<ulong, (object Backing, ulong Offset, int Prot)>();
            var references = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            foreach (var op in operations)
            {
                var addr = Low + (op.Page * Page);
                var length = op.Count * Page;
                var backing = new object();
                VmaChanges changes;
                long result;
                if (op.Kind == 2)
                {
                    result = mm.Munmap(addr, length, out changes);
                    Assert.Equal(addr + length > Low + (Pages * Page) ? -MmErrno.EINVAL : 0, result);
                    result = result == 0 ? (long)addr : result;
                }
                else
                {
                    var flags = MAP_SHARED | (op.Kind == 1 ? MAP_FIXED : 0);
                    result = mm.Mmap(addr, length, op.Prot, flags, backing, op.Page * Page, out changes);
                    Assert.True(result >= 0 || result == -MmErrno.ENOMEM, $"mmap returned {result}");
                }

                if (result < 0)
                {
                    Assert.Same(VmaChanges.None, changes);
                    continue;
                }

                // Every page the model had in the range, and only those, is reported gone, with its backing and offset.
                var start = (ulong)result;
                var gone = pages.Keys.Where(p => p >= start && p < start + length).Order().ToList();
                var reported = changes.Unmapped.SelectMany(v => Enumerable.Range(0, (int)(v.Length / Page)).Select(i => (Addr: v.Start + ((ulong)i * Page), Vma: v))).ToList();
                Assert.Equal(gone, reported.Select(r => r.Addr));
                foreach (var (page, piece) in reported)
                {
                    Assert.Same(pages[page].Backing, piece.Backing);
                    Assert.Equal(pages[page].Offset, piece.Offset + (page - piece.Start));
                    pages.Remove(page);
                }

                if (op.Kind != 2)
                {
                    for (var i = 0UL; i < op.Count; i++)
                    {
                        pages[start + (i * Page)] = (backing, (op.Page + i) * Page, op.Prot & 7);
                    }
                }

                changes.Opened.ToList().ForEach(v => references[v.Backing!] = references.GetValueOrDefault(v.Backing!) + 1);
                changes.Closed.ToList().ForEach(v => references[v.Backing!]--);
                mm.AssertInvariants();

                var mapped = mm.Vmas.SelectMany(v => Enumerable.Range(0, (int)(v.Length / Page)).Select(i => (Addr: v.Start + ((ulong)i * Page), Vma: v))).ToList();
                Assert.Equal(pages.Keys.Order(), mapped.Select(m => m.Addr));
                foreach (var (page, vma) in mapped)
                {
                    Assert.Same(pages[page].Backing, vma.Backing);
                    Assert.Equal(pages[page].Offset, vma.Offset + (page - vma.Start));
                    Assert.Equal(pages[page].Prot != 0, mm.CanAccess(page, Page, write: false));
                }

                foreach (var (held, count) in references)
                {
                    Assert.Equal(mm.Vmas.Count(v => v.Backing == held), count);
                }
            }
        }).Check(MmProperties.Seeded(150, 0x7a5));
    }
}
