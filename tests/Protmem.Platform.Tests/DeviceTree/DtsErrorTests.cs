using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Bad sources: each error names file:line:column, what was expected and what was found.</summary>
public sealed class DtsErrorTests
{
    [Fact]
    public void Parse_NoVersionHeader_ExpectedDtsV1()
    {
        var error = AssertError("/ { };", 1, 1, "expected '/dts-v1/;' at the start of the source");

        Assert.Equal("test.dts:1:1: expected '/dts-v1/;' at the start of the source (dts version 0 is not supported), found '/'", error.Message);
    }

    [Fact]
    public void Parse_MissingSemicolonAfterProperty_ExpectedSemicolonFoundNextName()
    {
        AssertError("/dts-v1/;\n/ {\n\ta = <1>\n\tb = <2>;\n};", 4, 2, "expected ';' or ',' after a property value, found 'b'");
    }

    [Fact]
    public void Parse_MissingSemicolonAfterNode_ExpectedSemicolon()
    {
        AssertError("/dts-v1/;\n/ {\n\tn { }\n};", 4, 1, "expected ';' after '}' closing a node, found '}'");
    }

    [Fact]
    public void Parse_UnclosedNode_ExpectedBraceNamingWhereItOpened()
    {
        AssertError("/dts-v1/;\n/ {\n  n {\n    a;\n", 5, 1, "expected '}' to close the node opened at test.dts:3:5, found end of input");
    }

    [Fact]
    public void Parse_PropertyAfterSubnode_PropertiesMustPrecedeSubnodes()
    {
        AssertError("/dts-v1/; / { n { }; late = <1>; };", 1, 22, "properties must precede subnodes");
    }

    [Fact]
    public void Parse_DuplicateNodeName_ErrorAtSecond()
    {
        AssertError("/dts-v1/;\n/ {\n  n { };\n  n { };\n};", 4, 3, "duplicate node name 'n' in /");
    }

    [Fact]
    public void Parse_DuplicatePropertyName_ErrorAtSecond()
    {
        AssertError("/dts-v1/; / { a; a = <1>; };", 1, 18, "duplicate property name 'a' in /");
    }

    [Theory]
    [InlineData("/dts-v1/; / { a#b { }; };", "bad character '#' in node name 'a#b'")]
    [InlineData("/dts-v1/; / { a@1@2 { }; };", "multiple '@' characters in node name 'a@1@2'")]
    [InlineData("/dts-v1/; / { a@b = <1>; };", "bad character '@' in property name 'a@b'")]
    public void Parse_BadNames_Error(string source, string reason)
    {
        AssertError(source, 1, 15, reason);
    }

    [Fact]
    public void Parse_WrongNameProperty_Error()
    {
        AssertError("/dts-v1/; / { n@1 { name = \"m\"; }; };", 1, 21, "\"name\" property is incorrect");
    }

    [Fact]
    public void Parse_MatchingNameProperty_DroppedAsDtcDoes()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { n@1 { name = \"n\"; }; };");

        Assert.Empty(tree.GetNode("/n@1").Properties);
    }

    [Theory]
    [InlineData("/dts-v1/; / { s = \"abc; };", 1, 19, "unterminated string")]
    [InlineData("/dts-v1/; / { /* never closed", 1, 15, "unterminated comment")]
    [InlineData("/dts-v1/; / { c = <'ab'>; };", 1, 20, "character literal holds more than one character")]
    [InlineData("/dts-v1/; / { c = <''>; };", 1, 20, "empty character literal")]
    [InlineData("/dts-v1/; / { c = <09>; };", 1, 20, "bad integer literal '09'")]
    [InlineData("/dts-v1/; / { c = <0x1ffffffffffffffff>; };", 1, 20, "integer literal '0x1ffffffffffffffff' out of range")]
    [InlineData("/dts-v1/; / { c = /bits/ 7 <1>; };", 1, 26, "array elements must be 8, 16, 32 or 64 bits, not 7")]
    [InlineData("/dts-v1/; / { c = \"\\x\"; };", 1, 19, "\\x used with no following hex digits")]
    [InlineData("/dts-v1/; / { c = [0]; };", 1, 20, "expected two hex digits or ']' in a byte string, found '0'")]
    [InlineData("/dts-v1/; / { c = &{/a b}; };", 1, 23, "expected '}' to end the path reference")]
    [InlineData("/dts-v1/; / { c = ; };", 1, 19, "expected a value")]
    [InlineData("/dts-v1/; / { = <1>; };", 1, 15, "expected a property or node name, '/delete-property/', '/delete-node/' or '}', found '='")]
    [InlineData("/dts-v1/; / { n }; };", 1, 17, "expected '{', '=' or ';' after the name 'n', found '}'")]
    [InlineData("/dts-v1/; / { }; junk", 1, 18, "at the top level, found name 'junk'")]
    [InlineData("/dts-v1/; / { }; /delete-node/ n;", 1, 32, "expected '&label' or '&{/path}' after /delete-node/ outside a node")]
    [InlineData("/dts-v1/; / { n { }; /delete-node/ &n; };", 1, 36, "'/delete-node/ &label;' is only allowed outside nodes")]
    [InlineData("/dts-v1/; l: / { };", 1, 14, "expected '/memreserve/' after a label before the root node")]
    [InlineData("/dts-v1/; &n { };", 1, 11, "label or path n not found (the first node must be the root")]
    [InlineData("/dts-v1/; / { a = <1 \x01>; };", 1, 22, "found byte 0x01")]
    public void Parse_MalformedPiece_LocatedError(string source, int line, int column, string reason)
    {
        AssertError(source, line, column, reason);
    }

    [Theory]
    [InlineData("/dts-v1/;\n#include \"x.dtsi\"\n/ { };")]
    [InlineData("/dts-v1/;\n/ {\n#include \"x.dtsi\"\n};")]
    [InlineData("/dts-v1/;\n/ {\n#define X 1\n};")]
    public void Parse_PreprocessorDirective_ErrorSaysRunCpp(string source)
    {
        var error = Assert.Throws<DtsParseException>(() => Parse(source));

        Assert.Contains("is a C preprocessor directive: run the source through cpp first", error.Reason, StringComparison.Ordinal);
        Assert.Equal((source.Count(c => c == '\n') == 2 ? 2 : 3, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_DeeplyNestedNodes_ErrorNotCrash()
    {
        var source = "/dts-v1/; / {" + string.Concat(Enumerable.Repeat(" n {", 50_000));

        var error = Assert.Throws<DtsParseException>(() => Parse(source));

        Assert.Contains("nodes nested more than 200 deep", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryTruncationOfRealFile_DtsParseExceptionAtEnd()
    {
        var juno = File.ReadAllBytes(DtTestData.Preprocessed("juno"));
        var lastBrace = Array.LastIndexOf(juno, (byte)'}');

        for (var length = 500; length < lastBrace; length += 997)
        {
            var cut = juno[..length];
            var error = Assert.Throws<DtsParseException>(() => DtsReader.Parse(cut, "juno.dts"));
            Assert.StartsWith("juno.dts:", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_BinaryGarbage_DtsParseException()
    {
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) ^ (i >> 3))).ToArray();

        Assert.Throws<DtsParseException>(() => DtsReader.Parse(garbage, "garbage.dts"));
    }
}
