"""Parse tree nodes; string() renders a node as Go's Node.String() does."""

from dockercri.gotemplate.strconv import quote


class Node:
    __slots__ = ("pos",)

    def string(self):
        raise NotImplementedError

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.string())


class TextNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos, text):
        self.pos, self.text = pos, text

    def string(self):
        return self.text


class PipeNode(Node):
    __slots__ = ("line", "is_assign", "decl", "cmds")

    def __init__(self, pos, line):
        self.pos, self.line = pos, line
        self.is_assign = False
        self.decl = []
        self.cmds = []

    def string(self):
        text = ""
        if self.decl:
            text = ", ".join(v.string() for v in self.decl) + " := "
        return text + " | ".join(c.string() for c in self.cmds)


class ActionNode(Node):
    __slots__ = ("line", "pipe")

    def __init__(self, pos, line, pipe):
        self.pos, self.line, self.pipe = pos, line, pipe

    def string(self):
        return "{{%s}}" % self.pipe.string()


class CommandNode(Node):
    __slots__ = ("args",)

    def __init__(self, pos):
        self.pos, self.args = pos, []

    def string(self):
        parts = []
        for arg in self.args:
            if isinstance(arg, PipeNode):
                parts.append("(" + arg.string() + ")")
            else:
                parts.append(arg.string())
        return " ".join(parts)


class IdentifierNode(Node):
    __slots__ = ("ident",)

    def __init__(self, pos, ident):
        self.pos, self.ident = pos, ident

    def string(self):
        return self.ident


class VariableNode(Node):
    __slots__ = ("ident",)

    def __init__(self, pos, ident):
        self.pos, self.ident = pos, ident.split(".")

    def string(self):
        return ".".join(self.ident)


class DotNode(Node):
    __slots__ = ()

    def __init__(self, pos):
        self.pos = pos

    def string(self):
        return "."


class NilNode(Node):
    __slots__ = ()

    def __init__(self, pos):
        self.pos = pos

    def string(self):
        return "nil"


class FieldNode(Node):
    __slots__ = ("ident",)

    def __init__(self, pos, ident):
        self.pos, self.ident = pos, ident[1:].split(".")

    def string(self):
        return "".join("." + part for part in self.ident)


class ChainNode(Node):
    __slots__ = ("node", "field")

    def __init__(self, pos, node):
        self.pos, self.node, self.field = pos, node, []

    def add(self, field):
        self.field.append(field[1:])

    def string(self):
        text = self.node.string()
        if isinstance(self.node, PipeNode):
            text = "(" + text + ")"
        return text + "".join("." + part for part in self.field)


class BoolNode(Node):
    __slots__ = ("true",)

    def __init__(self, pos, true):
        self.pos, self.true = pos, true

    def string(self):
        return "true" if self.true else "false"


class NumberNode(Node):
    __slots__ = ("text", "is_int", "is_uint", "is_float", "is_complex",
                 "int64", "uint64", "float64", "complex128")

    def __init__(self, pos, text):
        self.pos, self.text = pos, text
        self.is_int = self.is_uint = self.is_float = self.is_complex = False
        self.int64 = self.uint64 = 0
        self.float64 = 0.0
        self.complex128 = 0j

    def string(self):
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")

    def __init__(self, pos, quoted, text):
        self.pos, self.quoted, self.text = pos, quoted, text

    def string(self):
        return self.quoted


class EndNode(Node):
    __slots__ = ()

    def __init__(self, pos):
        self.pos = pos

    def string(self):
        return "{{end}}"


class ElseNode(Node):
    __slots__ = ("line",)

    def __init__(self, pos, line):
        self.pos, self.line = pos, line

    def string(self):
        return "{{else}}"


class ListNode(Node):
    __slots__ = ("nodes",)

    def __init__(self, pos):
        self.pos, self.nodes = pos, []

    def string(self):
        return "".join(n.string() for n in self.nodes)


class BranchNode(Node):
    __slots__ = ("line", "pipe", "list", "else_list")
    keyword = ""

    def __init__(self, pos, line, pipe, list_node, else_list):
        self.pos, self.line, self.pipe = pos, line, pipe
        self.list, self.else_list = list_node, else_list

    def string(self):
        if self.else_list is not None:
            return "{{%s %s}}%s{{else}}%s{{end}}" % (
                self.keyword, self.pipe.string(), self.list.string(), self.else_list.string())
        return "{{%s %s}}%s{{end}}" % (self.keyword, self.pipe.string(), self.list.string())


class IfNode(BranchNode):
    __slots__ = ()
    keyword = "if"


class RangeNode(BranchNode):
    __slots__ = ()
    keyword = "range"


class WithNode(BranchNode):
    __slots__ = ()
    keyword = "with"


class TemplateNode(Node):
    __slots__ = ("line", "name", "pipe")

    def __init__(self, pos, line, name, pipe):
        self.pos, self.line, self.name, self.pipe = pos, line, name, pipe

    def string(self):
        if self.pipe is None:
            return "{{template %s}}" % quote(self.name)
        return "{{template %s %s}}" % (quote(self.name), self.pipe.string())


def is_empty_tree(node):
    if node is None:
        return True
    if isinstance(node, ListNode):
        return all(is_empty_tree(n) for n in node.nodes)
    if isinstance(node, TextNode):
        return node.text.strip() == ""
    return False
