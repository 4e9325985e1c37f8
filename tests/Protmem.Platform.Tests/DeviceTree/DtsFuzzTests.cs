using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Bad sources never crash the reader: truncated, mutated and garbage inputs give a <see cref="DtsParseException"/> or a tree, nothing else.</summary>
public sealed class DtsFuzzTests
{
    /// <summary>A fixed seed, so a failure found once is found again.</summary>
    private static readonly Config Seeded = Config.QuickThrowOnFailure
        .WithMaxTest(300)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x5eed_d75UL), FSharpOption<int>.None)));

    private static readonly byte[] Juno = File.ReadAllBytes(DtTestData.Preprocessed("juno"));

    [Fact]
    public void Parse_RandomMutationsOfRealFile_OnlyDtsParseException()
    {
        var mutation = Gen.Choose(0, Juno.Length - 1)
            .SelectMany(at => Gen.Choose(0, 5), (at, kind) => (at, kind))
            .SelectMany(m => Gen.Elements(Interesting), (m, b) => (m.at, m.kind, b));
        var mutations = Gen.ListOf(mutation, 4).Select(list => list.ToArray());

        Check.One(Seeded, Prop.ForAll(mutations.ToArbitrary(), edits =>
        {
            var bytes = Juno.ToList();
            foreach (var (at, kind, b) in edits)
            {
                var i = Math.Min(at, bytes.Count - 1);
                switch (kind)
                {
                    case 0: bytes[i] = b; break;
                    case 1: bytes.Insert(i, b); break;
                    case 2: bytes.RemoveAt(i); break;
                    case 3: bytes.RemoveRange(i, Math.Min(40, bytes.Count - i - 1)); break;
                    case 4: bytes.InsertRange(i, bytes.GetRange(Math.Max(0, i - 30), Math.Min(30, i))); break;
                    default: bytes.RemoveRange(i, bytes.Count - i - 1); break;
                }
            }

            return ParsesOrFailsCleanly([.. bytes]);
        }));
    }

    [Fact]
    public void Parse_EveryPrefixOfSmallSource_OnlyDtsParseException()
    {
        var source = """
            /dts-v1/;
            /memreserve/ 0x1000 0x2000;
            / {
                #address-cells = <1>; #size-cells = <(1 + 0)>;
                label_a: node@10 { reg = <0x10 4>; s = "x\n", "y"; b = [00 ff]; w = /bits/ 16 <1 'c'>; };
                user { r = <&label_a>, &label_a; p = &{/node@10}; };
                /omit-if-no-ref/ gone { };
            };
            &label_a { extra; /delete-property/ b; };
            /delete-node/ &{/user};
            """u8.ToArray();

        for (var length = 0; length < source.Length; length++)
        {
            Assert.True(ParsesOrFailsCleanly(source[..length]), $"prefix of {length} bytes");
        }
    }

    [Fact]
    public void Parse_RandomBytes_OnlyDtsParseException()
    {
        var tokens = Gen.Elements("/dts-v1/;", "/ {", "};", "{", "}", ";", "<", ">", "(", ")", "[", "]", "\"", "'", "&", "&a", "a:", "x", "=", "0x1", "12", "/bits/", "/delete-node/", "/omit-if-no-ref/", "/include/", ",", "-", "?", ":", "//", "/*", "*/", "\n", " ", "#", "\\");
        var sources = Gen.ListOf(tokens).Select(parts => "/dts-v1/; / { " + string.Concat(parts));

        Check.One(Seeded, Prop.ForAll(sources.ToArbitrary(), text => ParsesOrFailsCleanly(System.Text.Encoding.UTF8.GetBytes(text))));
    }

    /// <summary>Bytes that change meaning in DTS: punctuation, quotes, digits, letters, NUL, high bytes.</summary>
    private static readonly byte[] Interesting = "{};<>()[]=,&:/\\\"'#@-~!0x1aZ_ \n\t*%"u8.ToArray().Concat(new byte[] { 0, 0x80, 0xff }).ToArray();

    private static bool ParsesOrFailsCleanly(byte[] source)
    {
        try
        {
            DtsReader.Parse(source, "fuzz.dts", new DtsReaderOptions { Files = new DtsInMemoryFileSource() });
            return true;
        }
        catch (DtsParseException e)
        {
            return e.Line >= 1 && e.Column >= 1 && e.Message.StartsWith("fuzz.dts:", StringComparison.Ordinal);
        }
    }
}
