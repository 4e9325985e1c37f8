namespace Protmem.Platform.DeviceTree;

/// <summary>The kinds of token dtc's lexer produces.</summary>
internal enum DtsTokenKind
{
    EndOfInput,
    DtsV1,
    Plugin,
    MemReserve,
    Bits,
    DeleteProperty,
    DeleteNode,
    OmitIfNoRef,
    Incbin,
    Label,
    Literal,
    CharLiteral,
    Reference,
    Byte,
    PropNodeName,
    String,
    LeftShift,
    RightShift,
    LessOrEqual,
    GreaterOrEqual,
    Equal,
    NotEqual,
    LogicalAnd,
    LogicalOr,

    /// <summary>Any other single character (punctuation and operators).</summary>
    Char,
}
