using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Malformed blobs never crash the DTB reader: mutated, truncated and random blobs give a <see cref="DtbFormatException"/> or a tree, nothing else.</summary>
public sealed class DtbFuzzTests
{
    private static readonly Config Seeded = Config.QuickThrowOnFailure
        .WithMaxTest(500)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0xd7b_f022UL), FSharpOption<int>.None)));

    private static readonly byte[] Blob = DtbWriter.Write(DtsReader.ReadFile(DtTestData.Preprocessed("armada-3720-espressobin-ultra")));

    [Fact]
    public void Read_RandomByteMutationsOfRealBlob_OnlyDtbFormatException()
    {
        var edit = Gen.Choose(0, Blob.Length - 1).SelectMany(at => Gen.Choose(0, 255), (at, value) => (at, value));
        var edits = Gen.ListOf(edit, 6).Select(list => list.ToArray());

        Check.One(Seeded, Prop.ForAll(edits.ToArbitrary(), changes =>
        {
            var blob = (byte[])Blob.Clone();
            foreach (var (at, value) in changes)
            {
                blob[at] = (byte)value;
            }

            return ReadsOrFailsCleanly(blob);
        }));
    }

    [Fact]
    public void Read_HeaderFieldsSetToExtremes_OnlyDtbFormatException()
    {
        var field = Gen.Choose(1, 9).Select(i => i * 4);
        var value = Gen.Elements(0u, 1u, 3u, 0x28u, 0xffffffffu, 0x7fffffffu, 0x80000000u, (uint)Blob.Length, (uint)Blob.Length - 1, (uint)Blob.Length + 1);
        var edits = Gen.ListOf(field.SelectMany(_ => value, (f, v) => (f, v)), 3).Select(list => list.ToArray());

        Check.One(Seeded, Prop.ForAll(edits.ToArbitrary(), changes =>
        {
            var blob = (byte[])Blob.Clone();
            foreach (var (at, v) in changes)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(at), v);
            }

            return ReadsOrFailsCleanly(blob);
        }));
    }

    [Fact]
    public void Read_TokensRewrittenInStructureBlock_OnlyDtbFormatException()
    {
        var structStart = 0x38;
        var cell = Gen.Choose(0, (Blob.Length - structStart) / 4 - 1).Select(i => structStart + (i * 4));
        var token = Gen.Elements(1u, 2u, 3u, 4u, 9u, 0u, 0xffffffffu, 0x10000u);
        var edits = Gen.ListOf(cell.SelectMany(_ => token, (c, t) => (c, t)), 4).Select(list => list.ToArray());

        Check.One(Seeded, Prop.ForAll(edits.ToArbitrary(), changes =>
        {
            var blob = (byte[])Blob.Clone();
            foreach (var (at, t) in changes)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(at), t);
            }

            return ReadsOrFailsCleanly(blob);
        }));
    }

    [Fact]
    public void Read_EveryTruncationOfRealBlob_OnlyDtbFormatException()
    {
        for (var length = 0; length < Blob.Length; length += 7)
        {
            var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(Blob.AsSpan(0, length)));
            Assert.InRange(error.Offset, 0, Blob.Length);
        }
    }

    [Fact]
    public void Read_RandomBytesAfterValidHeader_OnlyDtbFormatException()
    {
        var bodies = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 200);

        Check.One(Seeded, Prop.ForAll(bodies.ToArbitrary(), body =>
        {
            var blob = Blob.AsSpan(0, 0x38).ToArray().Concat(body).ToArray();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(4), (uint)blob.Length);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(12), (uint)blob.Length - 8);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(32), 8);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(36), (uint)blob.Length - 8 - 0x38);
            return ReadsOrFailsCleanly(blob);
        }));
    }

    private static bool ReadsOrFailsCleanly(byte[] blob)
    {
        try
        {
            DtbReader.Read(blob);
            return true;
        }
        catch (DtbFormatException e)
        {
            return e.Offset >= 0 && e.Offset <= blob.Length && e.Message.StartsWith("DTB offset 0x", StringComparison.Ordinal);
        }
    }
}
