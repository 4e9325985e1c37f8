namespace Protmem.Platform.DeviceTree;

/// <summary>
/// dtc's grammar, by recursive descent over <see cref="DtsLexer"/>'s tokens, building the
/// live tree as dtc's parser actions do: each node body is read whole, then merged into the
/// tree (<c>/ { … };</c>, <c>&amp;label { … };</c>, <c>&amp;{/path} { … };</c>) or attached.
/// </summary>
internal sealed partial class DtsParser
{
    public const int MaxNodeDepth = 200;

    private readonly DtsLexer _lexer;
    private readonly DtsFileResolver _resolver;
    private DtsToken _token;

    public DtsParser(DtsSourceFile file, DtsFileResolver resolver)
    {
        _resolver = resolver;
        _lexer = new DtsLexer(file, resolver);
        _token = _lexer.Next();
    }

    /// <summary>Reads the whole source: headers, memory reservations, then the tree and its amendments.</summary>
    public DtsLiveTree ParseSourceFile()
    {
        if (_token.Kind != DtsTokenKind.DtsV1)
        {
            throw Expected("'/dts-v1/;' at the start of the source (dts version 0 is not supported)");
        }

        while (_token.Kind == DtsTokenKind.DtsV1)
        {
            Advance();
            Expect(';', "after /dts-v1/");
            if (_token.Kind == DtsTokenKind.Plugin)
            {
                throw _token.Location.Error("overlays not supported: '/plugin/' marks a device-tree overlay, which this reader does not model");
            }
        }

        var reservations = new List<DtReserveEntry>();
        while (true)
        {
            var labelled = SkipLabels();
            if (_token.Kind != DtsTokenKind.MemReserve)
            {
                if (labelled)
                {
                    throw Expected("'/memreserve/' after a label before the root node");
                }

                break;
            }

            Advance();
            var address = ParsePrimary(0);
            var size = ParsePrimary(0);
            Expect(';', "after the /memreserve/ address and size");
            reservations.Add(new DtReserveEntry(address, size));
        }

        if (_token.Kind == DtsTokenKind.Reference)
        {
            throw _token.Location.Error($"label or path {_token.Text} not found (the first node must be the root, '/ {{ ... }};')");
        }

        if (!_token.IsChar('/'))
        {
            throw Expected("'/ {' to open the root node");
        }

        var rootLocation = _token.Location;
        Advance();
        var root = ParseNodeDefinition("", rootLocation, 0);
        while (_token.Kind != DtsTokenKind.EndOfInput)
        {
            ParseTopLevelItem(root);
        }

        return new DtsLiveTree(root, reservations, GuessBootCpuId(root));
    }

    private void ParseTopLevelItem(LiveNode root)
    {
        if (_token.IsChar('/'))
        {
            var location = _token.Location;
            Advance();
            root.Merge(ParseNodeDefinition("", location, 0));
            return;
        }

        if (_token.Kind is DtsTokenKind.DeleteNode or DtsTokenKind.OmitIfNoRef)
        {
            var directive = _token;
            Advance();
            if (_token.Kind != DtsTokenKind.Reference)
            {
                throw Expected($"'&label' or '&{{/path}}' after {(directive.Kind == DtsTokenKind.DeleteNode ? "/delete-node/" : "/omit-if-no-ref/")} outside a node");
            }

            var reference = _token;
            Advance();
            Expect(';', $"after {reference.Describe()}");
            var target = DtsReferences.FindNode(root, reference.Text)
                ?? throw reference.Location.Error($"label or path {reference.Text} not found");
            if (directive.Kind == DtsTokenKind.DeleteNode)
            {
                target.Delete();
            }
            else
            {
                target.OmitIfUnused = true;
            }

            return;
        }

        var labels = new List<string>();
        while (_token.Kind == DtsTokenKind.Label)
        {
            labels.Add(_token.Text);
            Advance();
        }

        if (_token.Kind != DtsTokenKind.Reference)
        {
            throw Expected(labels.Count > 0
                ? "'&label' or '&{/path}' after a label outside a node"
                : "'/ {', '&label {', '&{/path} {', '/delete-node/ &label;' or '/omit-if-no-ref/ &label;' at the top level");
        }

        var refToken = _token;
        Advance();
        var body = ParseNodeDefinition(refToken.Text, refToken.Location, 0);
        var node = DtsReferences.FindNode(root, refToken.Text)
            ?? throw refToken.Location.Error($"label or path {refToken.Text} not found");
        for (var i = labels.Count - 1; i >= 0; i--)
        {
            LiveLabel.Add(node.Labels, labels[i]);
        }

        node.Merge(body);
    }

    /// <summary><c>{ properties subnodes };</c>, with the current token on the '{'.</summary>
    private LiveNode ParseNodeDefinition(string name, DtsLocation location, int depth)
    {
        if (depth > MaxNodeDepth)
        {
            throw location.Error($"nodes nested more than {MaxNodeDepth} deep");
        }

        var open = _token.Location;
        if (!_token.IsChar('{'))
        {
            throw Expected(name.Length == 0 ? "'{' to open the root node" : $"'{{' after node name '{name}'");
        }

        Advance();
        var node = new LiveNode(name, location);
        var seenChild = false;
        while (!_token.IsChar('}'))
        {
            if (_token.Kind == DtsTokenKind.EndOfInput)
            {
                throw Expected($"'}}' to close the node opened at {open}");
            }

            seenChild |= ParseBodyItem(node, seenChild, depth);
        }

        Advance();
        Expect(';', "after '}' closing a node");
        return node;
    }

    /// <summary>One property, deletion or child in a node body; true when it was a child (or a child deletion).</summary>
    private bool ParseBodyItem(LiveNode node, bool seenChild, int depth)
    {
        var labels = new List<string>();
        var omit = false;
        var first = _token;
        while (_token.Kind is DtsTokenKind.Label or DtsTokenKind.OmitIfNoRef)
        {
            if (_token.Kind == DtsTokenKind.Label)
            {
                labels.Add(_token.Text);
            }
            else
            {
                omit = true;
            }

            Advance();
        }

        switch (_token.Kind)
        {
            case DtsTokenKind.DeleteProperty:
                {
                    RejectForProperty(omit, seenChild, first);
                    Advance();
                    var name = ExpectName("after /delete-property/");
                    Expect(';', $"after /delete-property/ {name.Text}");
                    node.Properties.Add(new LiveProperty(name.Text, new LiveValue(), name.Location) { Deleted = true });
                    return false;
                }

            case DtsTokenKind.DeleteNode:
                {
                    Advance();
                    if (_token.Kind == DtsTokenKind.Reference)
                    {
                        throw _token.Location.Error("'/delete-node/ &label;' is only allowed outside nodes; inside a node give the child's name");
                    }

                    var name = ExpectName("after /delete-node/");
                    Expect(';', $"after /delete-node/ {name.Text}");
                    node.AddChild(new LiveNode(name.Text, name.Location) { Deleted = true });
                    return true;
                }

            case DtsTokenKind.PropNodeName:
                {
                    var name = _token;
                    Advance();
                    if (_token.IsChar('{'))
                    {
                        var child = ParseNodeDefinition(name.Text, name.Location, depth + 1);
                        AddLabels(child.Labels, labels);
                        child.OmitIfUnused |= omit;
                        node.AddChild(child);
                        return true;
                    }

                    if (!_token.IsChar('=') && !_token.IsChar(';'))
                    {
                        RejectPreprocessorDirective(name);
                        throw Expected($"'{{', '=' or ';' after the name '{name.Text}'");
                    }

                    RejectForProperty(omit, seenChild, first);
                    var property = new LiveProperty(name.Text, ParsePropertyValue(), name.Location);
                    AddLabels(property.Labels, labels);
                    node.Properties.Add(property);
                    return false;
                }

            default:
                throw Expected("a property or node name, '/delete-property/', '/delete-node/' or '}'");
        }
    }

    private static void RejectForProperty(bool omit, bool seenChild, DtsToken first)
    {
        if (omit)
        {
            throw first.Location.Error("'/omit-if-no-ref/' applies to nodes, not to properties");
        }

        if (seenChild)
        {
            throw first.Location.Error("properties must precede subnodes");
        }
    }

    /// <summary>Labels written <c>a: b: x</c> end up ordered a, b (dtc adds the innermost first, each in front).</summary>
    private static void AddLabels(List<LiveLabel> target, List<string> written)
    {
        for (var i = written.Count - 1; i >= 0; i--)
        {
            LiveLabel.Add(target, written[i]);
        }
    }

    private bool SkipLabels()
    {
        var any = false;
        while (_token.Kind == DtsTokenKind.Label)
        {
            any = true;
            Advance();
        }

        return any;
    }

    /// <summary>dtc's guess_boot_cpuid: the first child listed under /cpus, if its reg is one cell.</summary>
    private static uint GuessBootCpuId(LiveNode root)
    {
        var cpus = DtsReferences.FindByPath(root, "/cpus");
        if (cpus is null || cpus.Children.Count == 0)
        {
            return 0;
        }

        var reg = cpus.Children[0].FindProperty("reg");
        return reg is { Value.Length: 4 } ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(reg.Value.Bytes) : 0;
    }

    private void Advance() => _token = _lexer.Next();

    private void Expect(char c, string context)
    {
        if (!_token.IsChar(c))
        {
            throw Expected($"'{c}' {context}");
        }

        Advance();
    }

    private DtsToken ExpectName(string context)
    {
        if (_token.Kind != DtsTokenKind.PropNodeName)
        {
            throw Expected($"a property or node name {context}");
        }

        var name = _token;
        Advance();
        return name;
    }

    private DtsParseException Expected(string what)
    {
        RejectPreprocessorDirective(_token);
        return _token.Location.Error($"expected {what}, found {_token.Describe()}");
    }

    /// <summary>A <c>#include</c> or <c>#define</c> means the file needs the C preprocessor, which dtc does not run either.</summary>
    private static void RejectPreprocessorDirective(DtsToken token)
    {
        string[] directives = ["#include", "#define", "#undef", "#if", "#ifdef", "#ifndef", "#else", "#elif", "#endif"];
        if (token.Kind == DtsTokenKind.PropNodeName && directives.Contains(token.Text))
        {
            throw token.Location.Error($"'{token.Text}' is a C preprocessor directive: run the source through cpp first (as the kernel build does), or use /include/ \"file\"");
        }
    }
}
