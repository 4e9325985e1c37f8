using System.Collections.Immutable;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// dtc's integer expressions, evaluated in unsigned 64-bit arithmetic as dtc does. Precedence,
/// loosest first: <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>, <c>|</c>, <c>^</c>, <c>&amp;</c>,
/// <c>== !=</c>, <c>&lt; &gt; &lt;= &gt;=</c>, <c>&lt;&lt; &gt;&gt;</c>, <c>+ -</c>, <c>* / %</c>,
/// unary <c>- ~ !</c>. Outside parentheses only a literal or a character may stand.
/// </summary>
internal sealed partial class DtsParser
{
    /// <summary>dtc's integer_prim: a literal, a character literal, or a parenthesised expression.</summary>
    private ulong ParsePrimary(int depth)
    {
        switch (_token.Kind)
        {
            case DtsTokenKind.Literal or DtsTokenKind.CharLiteral:
                {
                    var value = _token.Value;
                    Advance();
                    return value;
                }

            case DtsTokenKind.Char when _token.Char == '(':
                {
                    if (depth > MaxExpressionDepth)
                    {
                        throw _token.Location.Error($"expression nested more than {MaxExpressionDepth} deep");
                    }

                    Advance();
                    var value = ParseConditional(depth + 1);
                    Expect(')', "to close the expression");
                    return value;
                }

            default:
                throw Expected("a number, a character literal or '('");
        }
    }

    private ulong ParseConditional(int depth)
    {
        var condition = ParseBinary(0, depth);
        if (!_token.IsChar('?'))
        {
            return condition;
        }

        Advance();
        var whenTrue = ParseConditional(depth + 1);
        Expect(':', "in the conditional expression 'a ? b : c'");
        var whenFalse = ParseConditional(depth + 1);
        return condition != 0 ? whenTrue : whenFalse;
    }

    /// <summary>Binary operators of precedence level <paramref name="level"/> and tighter, left-associative.</summary>
    private ulong ParseBinary(int level, int depth)
    {
        if (level == BinaryLevels.Length)
        {
            return ParseUnary(depth);
        }

        var left = ParseBinary(level + 1, depth);
        while (BinaryOperatorAt(level) is { } op)
        {
            var at = _token.Location;
            Advance();
            var right = ParseBinary(level + 1, depth);
            left = Apply(op, left, right, at);
        }

        return left;
    }

    private ulong ParseUnary(int depth)
    {
        if (_token.Kind == DtsTokenKind.Char && _token.Char is '-' or '~' or '!')
        {
            if (depth > MaxExpressionDepth)
            {
                throw _token.Location.Error($"expression nested more than {MaxExpressionDepth} deep");
            }

            var op = _token.Char;
            Advance();
            var operand = ParseUnary(depth + 1);
            return op switch
            {
                '-' => unchecked(0UL - operand),
                '~' => ~operand,
                _ => operand == 0 ? 1UL : 0UL,
            };
        }

        return ParsePrimary(depth);
    }

    private static readonly ImmutableArray<ImmutableArray<string>> BinaryLevels =
    [
        ["||"],
        ["&&"],
        ["|"],
        ["^"],
        ["&"],
        ["==", "!="],
        ["<", ">", "<=", ">="],
        ["<<", ">>"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private string? BinaryOperatorAt(int level)
    {
        var op = _token.Kind switch
        {
            DtsTokenKind.LogicalOr => "||",
            DtsTokenKind.LogicalAnd => "&&",
            DtsTokenKind.Equal => "==",
            DtsTokenKind.NotEqual => "!=",
            DtsTokenKind.LessOrEqual => "<=",
            DtsTokenKind.GreaterOrEqual => ">=",
            DtsTokenKind.LeftShift => "<<",
            DtsTokenKind.RightShift => ">>",
            DtsTokenKind.Char when "|^&<>+-*/%".Contains(_token.Char, StringComparison.Ordinal) => _token.Char.ToString(),
            _ => null,
        };
        return op is not null && BinaryLevels[level].Contains(op) ? op : null;
    }

    private static ulong Apply(string op, ulong a, ulong b, DtsLocation at) => unchecked(op switch
    {
        "||" => a != 0 || b != 0 ? 1UL : 0UL,
        "&&" => a != 0 && b != 0 ? 1UL : 0UL,
        "|" => a | b,
        "^" => a ^ b,
        "&" => a & b,
        "==" => a == b ? 1UL : 0UL,
        "!=" => a != b ? 1UL : 0UL,
        "<" => a < b ? 1UL : 0UL,
        ">" => a > b ? 1UL : 0UL,
        "<=" => a <= b ? 1UL : 0UL,
        ">=" => a >= b ? 1UL : 0UL,
        "<<" => b < 64 ? a << (int)b : 0UL,
        ">>" => b < 64 ? a >> (int)b : 0UL,
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => b != 0 ? a / b : throw at.Error("division by zero"),
        "%" => b != 0 ? a % b : throw at.Error("division by zero"),
        _ => throw new InvalidOperationException($"operator {op} has no rule"),
    });
}
