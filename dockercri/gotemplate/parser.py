"""Go 1.13 text/template/parse parser, a close port with the same messages."""

from dockercri.gotemplate import lexer as L
from dockercri.gotemplate import nodes as N
from dockercri.gotemplate.errors import TemplateError
from dockercri.gotemplate.strconv import (
    StrconvError, parse_float, parse_int, parse_uint, quote, unquote, unquote_char)

_ZERO_ITEM = L.Item(L.ERROR, 0, "", 0)
_OPERAND_START = frozenset([
    L.BOOL, L.CHAR_CONSTANT, L.COMPLEX, L.DOT, L.FIELD, L.IDENTIFIER,
    L.NUMBER, L.NIL, L.RAW_STRING, L.STRING, L.VARIABLE, L.LEFT_PAREN])
_LITERALS = (N.BoolNode, N.DotNode, N.NilNode, N.NumberNode, N.StringNode)


class _Items:
    """The lexer's output, read one item at a time and shared by all trees."""

    def __init__(self, items):
        self.items = items
        self.index = 0

    def next_item(self):
        if self.index < len(self.items):
            self.index += 1
            return self.items[self.index - 1]
        return _ZERO_ITEM


class _NumberError(Exception):
    pass


def _simplify_complex(node):
    node.is_float = node.complex128.imag == 0
    if node.is_float:
        value = node.complex128.real
        node.float64 = value
        node.is_int = value == int(value) and -(1 << 63) <= value < (1 << 63)
        if node.is_int:
            node.int64 = int(value)
        node.is_uint = value == int(value) and 0 <= value < (1 << 64)
        if node.is_uint:
            node.uint64 = int(value)


def _parse_complex(text):
    cut = None
    for i in range(len(text) - 1, 0, -1):
        if text[i] in "+-" and text[i - 1] not in "eEpP":
            cut = i
            break
    if cut is None or not text.endswith("i"):
        return None
    real, imag = parse_float(text[:cut]), parse_float(text[cut:-1])
    if real is None or imag is None:
        return None
    return complex(real, imag)


def new_number(pos, text, typ):
    """Go's Tree.newNumber; raises _NumberError with Go's message."""
    node = N.NumberNode(pos, text)
    if typ == L.CHAR_CONSTANT:
        try:
            code, _, end = unquote_char(text, 1, "'")
        except StrconvError as error:
            raise _NumberError(str(error))
        if text[end:] != "'":
            raise _NumberError("malformed character constant: %s" % text)
        node.int64 = node.uint64 = code
        node.float64 = float(code)
        node.is_int = node.is_uint = node.is_float = True
        return node
    if typ == L.COMPLEX:
        value = _parse_complex(text)
        if value is None:
            raise _NumberError("illegal number syntax: %s" % quote(text))
        node.is_complex = True
        node.complex128 = value
        _simplify_complex(node)
        return node
    if text.endswith("i"):
        imag = parse_float(text[:-1])
        if imag is not None:
            node.is_complex = True
            node.complex128 = complex(0, imag)
            _simplify_complex(node)
            return node
    unsigned = parse_uint(text)
    if unsigned is not None:
        node.is_uint, node.uint64 = True, unsigned
    signed = parse_int(text)
    if signed is not None:
        node.is_int, node.int64 = True, signed
        if signed == 0:
            node.is_uint, node.uint64 = True, 0
    if node.is_int:
        node.is_float, node.float64 = True, float(node.int64)
    elif node.is_uint:
        node.is_float, node.float64 = True, float(node.uint64)
    else:
        value = parse_float(text)
        if value is not None:
            if not any(c in text for c in ".eEpP"):
                raise _NumberError("integer overflow: %s" % quote(text))
            node.is_float, node.float64 = True, value
            if value == int(value) and -(1 << 63) <= value < (1 << 63):
                node.is_int, node.int64 = True, int(value)
            if value == int(value) and 0 <= value < (1 << 64):
                node.is_uint, node.uint64 = True, int(value)
    if not (node.is_int or node.is_uint or node.is_float):
        raise _NumberError("illegal number syntax: %s" % quote(text))
    return node


class Tree:
    """One named template: parse state while parsing, then name and root."""

    def __init__(self, name, parse_name, funcs, items, tree_set):
        self.name = name
        self.parse_name = parse_name
        self.root = None
        self.funcs = funcs
        self.lex = items
        self.token = [_ZERO_ITEM, _ZERO_ITEM, _ZERO_ITEM]
        self.peek_count = 0
        self.vars = ["$"]
        self.tree_set = tree_set

    # token buffer --------------------------------------------------------
    def next(self):
        if self.peek_count > 0:
            self.peek_count -= 1
        else:
            self.token[0] = self.lex.next_item()
        return self.token[self.peek_count]

    def backup(self):
        self.peek_count += 1

    def backup2(self, t1):
        self.token[1] = t1
        self.peek_count = 2

    def backup3(self, t2, t1):
        self.token[1] = t1
        self.token[2] = t2
        self.peek_count = 3

    def peek(self):
        if self.peek_count > 0:
            return self.token[self.peek_count - 1]
        self.peek_count = 1
        self.token[0] = self.lex.next_item()
        return self.token[0]

    def next_non_space(self):
        while True:
            token = self.next()
            if token.typ != L.SPACE:
                return token

    def peek_non_space(self):
        token = self.next_non_space()
        self.backup()
        return token

    # errors ----------------------------------------------------------------
    def errorf(self, message):
        raise TemplateError("template: %s:%d: %s" % (self.parse_name, self.token[0].line, message))

    def expect(self, expected, context):
        token = self.next_non_space()
        if token.typ != expected:
            self.unexpected(token, context)
        return token

    def expect_one_of(self, first, second, context):
        token = self.next_non_space()
        if token.typ != first and token.typ != second:
            self.unexpected(token, context)
        return token

    def unexpected(self, token, context):
        self.errorf("unexpected %s in %s" % (L.item_string(token), context))

    def unquote(self, text):
        try:
            return unquote(text)
        except StrconvError as error:
            self.errorf(str(error))

    # structure -------------------------------------------------------------
    def add(self):
        tree = self.tree_set.get(self.name)
        if tree is None or N.is_empty_tree(tree.root):
            self.tree_set[self.name] = self
            return
        if not N.is_empty_tree(self.root):
            self.errorf("template: multiple definition of template %s" % quote(self.name))

    def _subtree(self, name):
        return Tree(name, self.parse_name, self.funcs, self.lex, self.tree_set)

    def parse(self):
        self.root = N.ListNode(self.peek().pos)
        while self.peek().typ != L.EOF:
            if self.peek().typ == L.LEFT_DELIM:
                delim = self.next()
                if self.next_non_space().typ == L.DEFINE:
                    self._subtree("definition").parse_definition()
                    continue
                self.backup2(delim)
            node = self.text_or_action()
            if isinstance(node, (N.EndNode, N.ElseNode)):
                self.errorf("unexpected %s" % node.string())
            self.root.nodes.append(node)

    def parse_definition(self):
        context = "define clause"
        name = self.expect_one_of(L.STRING, L.RAW_STRING, context)
        self.name = self.unquote(name.val)
        self.expect(L.RIGHT_DELIM, context)
        self.root, end = self.item_list()
        if not isinstance(end, N.EndNode):
            self.errorf("unexpected %s in %s" % (end.string(), context))
        self.add()

    def item_list(self):
        node_list = N.ListNode(self.peek_non_space().pos)
        while self.peek_non_space().typ != L.EOF:
            node = self.text_or_action()
            if isinstance(node, (N.EndNode, N.ElseNode)):
                return node_list, node
            node_list.nodes.append(node)
        self.errorf("unexpected EOF")

    def text_or_action(self):
        token = self.next_non_space()
        if token.typ == L.TEXT:
            return N.TextNode(token.pos, token.val)
        if token.typ == L.LEFT_DELIM:
            return self.action()
        self.unexpected(token, "input")

    def action(self):
        token = self.next_non_space()
        control = {
            L.BLOCK: self.block_control, L.ELSE: self.else_control,
            L.END: self.end_control, L.IF: self.if_control,
            L.RANGE: self.range_control, L.TEMPLATE: self.template_control,
            L.WITH: self.with_control,
        }.get(token.typ)
        if control is not None:
            return control()
        self.backup()
        token = self.peek()
        return N.ActionNode(token.pos, token.line, self.pipeline("command"))

    def pipeline(self, context):
        token = self.peek_non_space()
        pipe = N.PipeNode(token.pos, token.line)
        while True:
            var = self.peek_non_space()
            if var.typ != L.VARIABLE:
                break
            self.next()
            token_after = self.peek()
            following = self.peek_non_space()
            if following.typ in (L.ASSIGN, L.DECLARE):
                pipe.is_assign = following.typ == L.ASSIGN
                self.next_non_space()
                pipe.decl.append(N.VariableNode(var.pos, var.val))
                self.vars.append(var.val)
            elif following.typ == L.CHAR and following.val == ",":
                self.next_non_space()
                pipe.decl.append(N.VariableNode(var.pos, var.val))
                self.vars.append(var.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (L.VARIABLE, L.RIGHT_DELIM, L.RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf("too many declarations in %s" % context)
            elif token_after.typ == L.SPACE:
                self.backup3(var, token_after)
            else:
                self.backup2(var)
            break
        while True:
            token = self.next_non_space()
            if token.typ in (L.RIGHT_DELIM, L.RIGHT_PAREN):
                self.check_pipeline(pipe, context)
                if token.typ == L.RIGHT_PAREN:
                    self.backup()
                return pipe
            if token.typ in _OPERAND_START:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(token, context)

    def check_pipeline(self, pipe, context):
        if not pipe.cmds:
            self.errorf("missing value for %s" % context)
        for i, cmd in enumerate(pipe.cmds[1:]):
            if isinstance(cmd.args[0], _LITERALS):
                self.errorf("non executable command in pipeline stage %d" % (i + 2))

    def parse_control(self, allow_else_if, context):
        mark = len(self.vars)
        try:
            pipe = self.pipeline(context)
            node_list, following = self.item_list()
            else_list = None
            if isinstance(following, N.ElseNode):
                if allow_else_if and self.peek().typ == L.IF:
                    self.next()
                    else_list = N.ListNode(following.pos)
                    else_list.nodes.append(self.if_control())
                else:
                    else_list, following = self.item_list()
                    if not isinstance(following, N.EndNode):
                        self.errorf("expected end; found %s" % following.string())
            return pipe.pos, pipe.line, pipe, node_list, else_list
        finally:
            del self.vars[mark:]

    def if_control(self):
        return N.IfNode(*self.parse_control(True, "if"))

    def range_control(self):
        return N.RangeNode(*self.parse_control(False, "range"))

    def with_control(self):
        return N.WithNode(*self.parse_control(False, "with"))

    def end_control(self):
        return N.EndNode(self.expect(L.RIGHT_DELIM, "end").pos)

    def else_control(self):
        peek = self.peek_non_space()
        if peek.typ == L.IF:
            return N.ElseNode(peek.pos, peek.line)
        token = self.expect(L.RIGHT_DELIM, "else")
        return N.ElseNode(token.pos, token.line)

    def block_control(self):
        context = "block clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = self.pipeline(context)
        block = self._subtree(name)
        block.root, end = block.item_list()
        if not isinstance(end, N.EndNode):
            self.errorf("unexpected %s in %s" % (end.string(), context))
        block.add()
        return N.TemplateNode(token.pos, token.line, name, pipe)

    def template_control(self):
        context = "template clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = None
        if self.next_non_space().typ != L.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context)
        return N.TemplateNode(token.pos, token.line, name, pipe)

    def parse_template_name(self, token, context):
        if token.typ in (L.STRING, L.RAW_STRING):
            return self.unquote(token.val)
        self.unexpected(token, context)

    def command(self):
        cmd = N.CommandNode(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            token = self.next()
            if token.typ == L.SPACE:
                continue
            if token.typ == L.ERROR:
                self.errorf(token.val)
            elif token.typ in (L.RIGHT_DELIM, L.RIGHT_PAREN):
                self.backup()
            elif token.typ != L.PIPE:
                self.errorf("unexpected %s in operand" % L.item_string(token))
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self):
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == L.FIELD:
            chain = N.ChainNode(self.peek().pos, node)
            while self.peek().typ == L.FIELD:
                chain.add(self.next().val)
            if isinstance(node, N.FieldNode):
                node = N.FieldNode(chain.pos, chain.string())
            elif isinstance(node, N.VariableNode):
                node = N.VariableNode(chain.pos, chain.string())
            elif isinstance(node, (N.BoolNode, N.StringNode, N.NumberNode, N.NilNode, N.DotNode)):
                self.errorf("unexpected . after term %s" % quote(node.string()))
            else:
                node = chain
        return node

    def term(self):
        token = self.next_non_space()
        typ = token.typ
        if typ == L.ERROR:
            self.errorf(token.val)
        elif typ == L.IDENTIFIER:
            if token.val not in self.funcs:
                self.errorf("function %s not defined" % quote(token.val))
            return N.IdentifierNode(token.pos, token.val)
        elif typ == L.DOT:
            return N.DotNode(token.pos)
        elif typ == L.NIL:
            return N.NilNode(token.pos)
        elif typ == L.VARIABLE:
            return self.use_var(token.pos, token.val)
        elif typ == L.FIELD:
            return N.FieldNode(token.pos, token.val)
        elif typ == L.BOOL:
            return N.BoolNode(token.pos, token.val == "true")
        elif typ in (L.CHAR_CONSTANT, L.COMPLEX, L.NUMBER):
            try:
                return new_number(token.pos, token.val, typ)
            except _NumberError as error:
                self.errorf(str(error))
        elif typ == L.LEFT_PAREN:
            pipe = self.pipeline("parenthesized pipeline")
            closing = self.next()
            if closing.typ != L.RIGHT_PAREN:
                self.errorf("unclosed right paren: unexpected %s" % L.item_string(closing))
            return pipe
        elif typ in (L.STRING, L.RAW_STRING):
            return N.StringNode(token.pos, token.val, self.unquote(token.val))
        self.backup()
        return None

    def use_var(self, pos, name):
        var = N.VariableNode(pos, name)
        if var.ident[0] in self.vars:
            return var
        self.errorf("undefined variable %s" % quote(var.ident[0]))


def parse(text, name, funcs):
    """Parse text; returns {template name: Tree}. Raises TemplateError."""
    tree_set = {}
    tree = Tree(name, name, funcs, _Items(L.lex(text)), tree_set)
    tree.parse()
    tree.add()
    return tree_set
