using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>dtc's integer expressions in parentheses, unsigned 64-bit, checked against dtc itself.</summary>
public sealed class DtsExpressionTests
{
    [Theory]
    [InlineData("(1 << 4)", 16UL)]
    [InlineData("(((1 << (6)) - 1) << 8) | 4", 0x3f04UL)]
    [InlineData("7 + 3 * 2", 13UL)]
    [InlineData("(7 + 3) * 2", 20UL)]
    [InlineData("17 / 5", 3UL)]
    [InlineData("17 % 5", 2UL)]
    [InlineData("10 - 3 - 2", 5UL)]
    [InlineData("0xf0 >> 4", 0xfUL)]
    [InlineData("6 & 3", 2UL)]
    [InlineData("6 | 3", 7UL)]
    [InlineData("6 ^ 3", 5UL)]
    [InlineData("~0", ulong.MaxValue)]
    [InlineData("-1", ulong.MaxValue)]
    [InlineData("!0", 1UL)]
    [InlineData("!5", 0UL)]
    [InlineData("3 < 4", 1UL)]
    [InlineData("3 > 4", 0UL)]
    [InlineData("4 <= 4", 1UL)]
    [InlineData("5 >= 6", 0UL)]
    [InlineData("2 == 2", 1UL)]
    [InlineData("2 != 2", 0UL)]
    [InlineData("1 && 0", 0UL)]
    [InlineData("0 || 7", 1UL)]
    [InlineData("1 ? 10 : 20", 10UL)]
    [InlineData("0 ? 10 : 0 ? 20 : 30", 30UL)]
    [InlineData("1 | 2 ^ 3 & 4 == 4", 3UL)]
    [InlineData("1 << 64", 0UL)]
    [InlineData("'A' + 1", 66UL)]
    [InlineData("0 - 1 > 5", 1UL)]
    public void Parse_Expression_EvaluatesLikeDtc(string expression, ulong expected)
    {
        var tree = AssertSameAsDtc($"/dts-v1/; / {{ v = /bits/ 64 <({expression})>; }};");

        Assert.Equal(expected, tree.Root.GetProperty("v").AsUInt64());
    }

    [Fact]
    public void Parse_ExpressionsInMemReserve_Evaluated()
    {
        var tree = AssertSameAsDtc("/dts-v1/; /memreserve/ (0x8000 << 16) (64 * 1024); / { };");

        Assert.Equal(new DtReserveEntry(0x80000000, 0x10000), Assert.Single(tree.MemoryReservations));
    }

    [Theory]
    [InlineData("(1 / 0)", 23)]
    [InlineData("(1 % 0)", 23)]
    [InlineData("(0 ? 1 / 0 : 2)", 27)]
    public void Parse_DivisionByZero_ErrorAtOperatorEvenInBranchNotTaken(string expression, int column)
    {
        AssertError($"/dts-v1/; / {{ v = <{expression}>; }};", 1, column, "division by zero");
    }

    [Fact]
    public void Parse_ValueTooWideForElement_ErrorAtValue()
    {
        AssertError("/dts-v1/; / { v = /bits/ 8 <1 256>; };", 1, 31, "out of range for a 8-bit array element");
    }

    [Fact]
    public void Parse_MissingCloseParenthesis_ExpectedParenthesis()
    {
        AssertError("/dts-v1/; / { v = <(1 + 2; };", 1, 26, "expected ')' to close the expression, found ';'");
    }

    [Fact]
    public void Parse_BareNegativeNumberInCells_Error()
    {
        AssertError("/dts-v1/; / { v = <-1>; };", 1, 20, "expected a number, '(expression)', 'c', &reference, label or '>' in cells, found '-'");
    }

    [Fact]
    public void Parse_DeeplyNestedParentheses_ErrorNotCrash()
    {
        var deep = new string('(', 100_000) + "1" + new string(')', 100_000);

        var error = Assert.Throws<DtsParseException>(() => Parse($"/dts-v1/; / {{ v = <{deep}>; }};"));

        Assert.Contains("nested more than", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongUnaryChain_ErrorNotCrash()
    {
        var deep = "(" + new string('~', 100_000) + "1)";

        var error = Assert.Throws<DtsParseException>(() => Parse($"/dts-v1/; / {{ v = <{deep}>; }};"));

        Assert.Contains("nested more than", error.Reason, StringComparison.Ordinal);
    }
}
