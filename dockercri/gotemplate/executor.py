"""Go 1.13 text/template execution (exec.go), over plain Python values.

Dicts behave as Go maps (a missing key prints "<no value>"), other objects
as Go structs: an exported (capitalised) attribute is a field, a method is
called with the template's arguments, anything else is an error.
"""

from dockercri.gotemplate import nodes as N
from dockercri.gotemplate import values as V
from dockercri.gotemplate.errors import FuncError, TemplateError
from dockercri.gotemplate.functions import (
    ANY, BOOL, FLOAT, INT, NILABLE, STRING, STRINGS, VALUE, wrap_callable)
from dockercri.gotemplate.gofmt import sprint
from dockercri.gotemplate.strconv import quote, utf8len

MAX_EXEC_DEPTH = 100


class _Missing:
    """Go's missingVal: no value came down the pipeline."""

    def __repr__(self):
        return "<missing>"


MISSING = _Missing()
_ABSENT = object()


class Options:
    __slots__ = ("funcs", "strict_fields", "type_name", "missingkey", "root")

    def __init__(self, funcs, strict_fields, type_name, missingkey, root):
        self.funcs = funcs
        self.strict_fields = strict_fields
        self.type_name = type_name
        self.missingkey = missingkey
        self.root = root


def _is_hex_int(text):
    return len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")


class State:
    def __init__(self, text, parse_name, trees, name, out, vars_, depth, options):
        self.text = text
        self.parse_name = parse_name
        self.trees = trees
        self.name = name
        self.out = out
        self.vars = vars_
        self.depth = depth
        self.opts = options
        self.node = None
        # True when the last field lookup read a map entry: Go then holds the
        # value as interface {}, which shows in error messages and makes a
        # nil entry an error to look into (a missing entry just yields nothing).
        self.iface = False
        # True when the last field lookup found a struct's nil pointer (a name in the
        # dict's `nil_fields`): printed, it reads <nil>, where a missing entry reads
        # <no value>.
        self.typed_nil = False

    # errors ------------------------------------------------------------------
    def error_context(self, node):
        pos = node.pos
        before = self.text[:pos]
        newline = before.rfind("\n")
        column = utf8len(before[newline + 1:]) if newline >= 0 else utf8len(before)
        line = 1 + before.count("\n")
        context = node.string()
        if utf8len(context) > 20:
            context = context[:20] + "..."
        return "%s:%d:%d" % (self.parse_name, line, column), context

    def errorf(self, message):
        if self.node is None:
            raise TemplateError("template: %s: %s" % (self.name, message))
        location, context = self.error_context(self.node)
        raise TemplateError("template: %s: executing %s at <%s>: %s" % (
            location, quote(self.name), context, message))

    def type_of(self, value):
        if value is self.opts.root and self.opts.type_name:
            return self.opts.type_name
        return V.type_name(value)

    # variables ---------------------------------------------------------------
    def set_var(self, name, value):
        for var in reversed(self.vars):
            if var[0] == name:
                var[1] = value
                return
        self.errorf("undefined variable: %s" % name)

    def var_value(self, name):
        for var in reversed(self.vars):
            if var[0] == name:
                return var[1]
        self.errorf("undefined variable: %s" % name)

    # walking -----------------------------------------------------------------
    def walk(self, dot, node):
        self.node = node
        typ = type(node)
        if typ is N.ActionNode:
            value = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.print_value(node, value)
        elif typ is N.IfNode:
            self.walk_if_or_with(False, dot, node)
        elif typ is N.ListNode:
            for child in node.nodes:
                self.walk(dot, child)
        elif typ is N.RangeNode:
            self.walk_range(dot, node)
        elif typ is N.TemplateNode:
            self.walk_template(dot, node)
        elif typ is N.TextNode:
            self.out.append(node.text)
        elif typ is N.WithNode:
            self.walk_if_or_with(True, dot, node)
        else:
            self.errorf("unknown node: %s" % node.string())

    def walk_if_or_with(self, is_with, dot, node):
        mark = len(self.vars)
        try:
            value = self.eval_pipeline(dot, node.pipe)
            if V.is_true(value):
                self.walk(value if is_with else dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[mark:]

    def walk_range(self, dot, node):
        self.node = node
        outer = len(self.vars)
        try:
            value = self.eval_pipeline(dot, node.pipe)
            mark = len(self.vars)
            count = len(node.pipe.decl)

            def one(index, element):
                if count > 0:
                    self.vars[mark - 1][1] = element
                if count > 1:
                    self.vars[mark - 2][1] = index
                self.walk(element, node.list)
                del self.vars[mark:]

            kind = V.kind(value)
            if kind in (V.SLICE, V.BYTES):
                if len(value):
                    for index, element in enumerate(list(value)):
                        one(index, element)
                    return
            elif kind == V.MAP:
                if len(value):
                    for key in V.sorted_keys(value):
                        one(key, value[key])
                    return
            elif kind != V.NIL:
                self.errorf("range can't iterate over %s" % sprint([value]))
            if node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[outer:]

    def walk_template(self, dot, node):
        self.node = node
        tree = self.trees.get(node.name)
        if tree is None:
            self.errorf("template %s not defined" % quote(node.name))
        if self.depth >= MAX_EXEC_DEPTH:
            self.errorf("exceeded maximum template depth (%d)" % MAX_EXEC_DEPTH)
        dot = self.eval_pipeline(dot, node.pipe)
        inner = State(self.text, self.parse_name, self.trees, node.name, self.out,
                      [["$", dot]], self.depth + 1, self.opts)
        inner.walk(dot, tree.root)

    def print_value(self, node, value):
        self.node = node
        if value is None:
            self.out.append("<nil>" if self.typed_nil else "<no value>")
            return
        if V.kind(value) == V.FUNC:
            self.errorf("can't print %s of type %s" % (node.string(), V.type_name(value)))
        self.out.append(sprint([value]))

    # evaluation --------------------------------------------------------------
    def eval_pipeline(self, dot, pipe):
        if pipe is None:
            return None
        self.node = pipe
        value = MISSING
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
        for var in pipe.decl:
            if pipe.is_assign:
                self.set_var(var.ident[0], value)
            else:
                self.vars.append([var.ident[0], value])
        return value

    def not_a_function(self, args, final):
        if len(args) > 1 or final is not MISSING:
            self.errorf("can't give argument to non-function %s" % args[0].string())

    def eval_command(self, dot, cmd, final):
        first = cmd.args[0]
        typ = type(first)
        if typ is N.FieldNode:
            return self.eval_field_node(dot, first, cmd.args, final)
        if typ is N.ChainNode:
            return self.eval_chain_node(dot, first, cmd.args, final)
        if typ is N.IdentifierNode:
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if typ is N.PipeNode:
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if typ is N.VariableNode:
            return self.eval_variable_node(dot, first, cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if typ is N.BoolNode:
            return first.true
        if typ is N.DotNode:
            return dot
        if typ is N.NilNode:
            self.errorf("nil is not a command")
        if typ is N.NumberNode:
            return self.ideal_constant(first)
        if typ is N.StringNode:
            return first.text
        self.errorf("can't evaluate command %s" % quote(first.string()))

    def ideal_constant(self, constant):
        self.node = constant
        text = constant.text
        if constant.is_complex:
            return constant.complex128
        if constant.is_float and not _is_hex_int(text) and not text.startswith("'") \
                and any(c in text for c in ".eEpP"):
            return constant.float64
        if constant.is_int:
            return constant.int64
        if constant.is_uint:
            self.errorf("%s overflows int" % text)
        return None

    def eval_field_node(self, dot, field, args, final):
        self.node = field
        return self.eval_field_chain(dot, dot, field, field.ident, args, final)

    def eval_chain_node(self, dot, chain, args, final):
        self.node = chain
        if not chain.field:
            self.errorf("internal error: no fields in evalChainNode")
        if isinstance(chain.node, N.NilNode):
            self.errorf("indirection through explicit nil in %s" % chain.string())
        pipe = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(dot, pipe, chain, chain.field, args, final)

    def eval_variable_node(self, dot, variable, args, final):
        self.node = variable
        value = self.var_value(variable.ident[0])
        if len(variable.ident) == 1:
            self.not_a_function(args or [variable], final)
            return value
        return self.eval_field_chain(dot, value, variable, variable.ident[1:], args, final)

    def eval_field_chain(self, dot, receiver, node, ident, args, final):
        iface = False
        for name in ident[:-1]:
            receiver = self.eval_field(dot, name, node, None, MISSING, receiver, iface)
            iface = self.iface
        return self.eval_field(dot, ident[-1], node, args, final, receiver, iface)

    def eval_function(self, dot, node, cmd, args, final):
        self.node = node
        name = node.ident
        function = self.opts.funcs.get(name)
        if function is None:
            self.errorf("%s is not a defined function" % quote(name))
        return self.eval_call(dot, function, cmd, name, args, final)

    def eval_field(self, dot, name, node, args, final, receiver, iface=False):
        self.iface = False
        self.typed_nil = False
        if receiver is None:
            if iface:
                self.errorf("can't evaluate field %s in type interface {}" % name)
            if self.opts.missingkey == "error":
                self.errorf("nil data; no entry for key %s" % quote(name))
            return None
        has_args = (args is not None and len(args) > 1) or final is not MISSING
        kind = V.kind(receiver)
        if kind == V.STRUCT:
            attribute = _ABSENT
            if name[:1].isupper():
                try:
                    attribute = getattr(receiver, name, _ABSENT)
                except Exception as error:  # a property that failed
                    self.errorf("error calling %s: %s" % (name, error))
            if attribute is not _ABSENT:
                if V.is_func(attribute):
                    return self.call_method(dot, attribute, node, name, args, final)
                if has_args:
                    self.errorf("%s has arguments but cannot be invoked as function" % name)
                return attribute
        elif kind == V.MAP and V.map_key_type(receiver) != "int":
            try:
                present = name in receiver
            except Exception:
                present = False
            if self.opts.strict_fields:
                if present:
                    value = receiver[name]
                    if V.is_func(value):
                        return self.call_method(dot, value, node, name, args, final)
                    if has_args:
                        self.errorf("%s has arguments but cannot be invoked as function" % name)
                    return value
            else:
                if has_args:
                    self.errorf("%s is not a method but has arguments" % name)
                if present:
                    self.iface = True
                    return receiver[name]
                if name in getattr(receiver, "nil_fields", ()):
                    self.typed_nil = True  # a struct's nil pointer, left out of its JSON
                    return None
                if self.opts.missingkey == "error" and not getattr(receiver, "go_map", False):
                    self.errorf("map has no entry for key %s" % quote(name))
                return None
        self.errorf("can't evaluate field %s in type %s" % (
            name, "interface {}" if iface else self.type_of(receiver)))

    def call_method(self, dot, method, node, name, args, final):
        result = self.eval_call(dot, wrap_callable(name, method), node, name, args, final)
        self.iface = False
        return result

    def eval_call(self, dot, function, node, name, args, final):
        args = list(args[1:]) if args is not None else []
        num_in = len(args) + (final is not MISSING)
        params, variadic = function.params, function.variadic
        if variadic is not None:
            num_fixed = len(params)
            if num_in < num_fixed:
                self.errorf("wrong number of args for %s: want at least %d got %d" % (
                    name, len(params), len(args)))
        else:
            num_fixed = len(args)
            if not function.min_in <= num_in <= len(params):
                self.errorf("wrong number of args for %s: want %d got %d" % (name, len(params), num_in))
        argv = []
        i = 0
        while i < num_fixed and i < len(args):
            argv.append(self.eval_arg(dot, params[i], args[i]))
            i += 1
        if variadic is not None:
            while i < len(args):
                argv.append(self.eval_arg(dot, variadic, args[i]))
                i += 1
        if final is not MISSING:
            if variadic is not None and num_in - 1 >= num_fixed:
                typ = variadic
            else:
                typ = params[num_in - 1]
            argv.append(self.validate_type(final, typ))
        try:
            return function.impl(*argv)
        except FuncError as error:
            self.node = node
            self.errorf("error calling %s: %s" % (name, error))
        except (TemplateError, RecursionError):
            raise
        except Exception as error:
            if not function.foreign:
                raise
            self.node = node
            self.errorf("error calling %s: %s" % (name, error))

    def validate_field(self, value, typ):
        if value is None and self.iface and typ not in (None, ANY, VALUE):
            self.errorf("wrong type for value; expected %s; got interface {}" % typ)
        return self.validate_type(value, typ)

    def validate_type(self, value, typ):
        if value is None:
            if typ in NILABLE:
                return None
            self.errorf("invalid value; expected %s" % typ)
        if typ is None or typ == ANY or typ == VALUE:
            return value
        kind = V.kind(value)
        if typ == STRING and kind == V.STRING or typ == INT and kind == V.INT \
                or typ == BOOL and kind == V.BOOL or typ == FLOAT and kind == V.FLOAT:
            return value
        if typ == STRINGS and kind == V.SLICE and all(isinstance(v, str) for v in value):
            return value
        self.errorf("wrong type for value; expected %s; got %s" % (typ, V.type_name(value)))

    def eval_arg(self, dot, typ, node):
        self.node = node
        kind = type(node)
        if kind is N.DotNode:
            return self.validate_type(dot, typ)
        if kind is N.NilNode:
            if typ in NILABLE:
                return None
            self.errorf("cannot assign nil to %s" % typ)
        if kind is N.FieldNode:
            return self.validate_field(self.eval_field_node(dot, node, [node], MISSING), typ)
        if kind is N.VariableNode:
            self.iface = False
            return self.validate_field(self.eval_variable_node(dot, node, None, MISSING), typ)
        if kind is N.PipeNode:
            return self.validate_type(self.eval_pipeline(dot, node), typ)
        if kind is N.IdentifierNode:
            return self.validate_type(self.eval_function(dot, node, node, None, MISSING), typ)
        if kind is N.ChainNode:
            return self.validate_field(self.eval_chain_node(dot, node, None, MISSING), typ)
        if typ == BOOL:
            if kind is N.BoolNode:
                return node.true
            self.errorf("expected bool; found %s" % node.string())
        if typ == INT:
            if kind is N.NumberNode and node.is_int:
                return node.int64
            self.errorf("expected integer; found %s" % node.string())
        if typ == FLOAT:
            if kind is N.NumberNode and node.is_float:
                return node.float64
            self.errorf("expected float; found %s" % node.string())
        if typ is None or typ == ANY or typ == VALUE:
            return self.eval_empty_interface(dot, node)
        if typ == STRING:
            if kind is N.StringNode:
                return node.text
            self.errorf("expected string; found %s" % node.string())
        self.errorf("can't handle %s for arg of type %s" % (node.string(), typ))

    def eval_empty_interface(self, dot, node):
        self.node = node
        kind = type(node)
        if kind is N.BoolNode:
            return node.true
        if kind is N.NumberNode:
            return self.ideal_constant(node)
        if kind is N.StringNode:
            return node.text
        self.errorf("can't handle assignment of %s to empty interface argument" % node.string())


def execute(text, parse_name, trees, name, data, options):
    """Run trees[name] on data; returns the output or raises TemplateError."""
    out = []
    state = State(text, parse_name, trees, name, out, [["$", data]], 0, options)
    try:
        tree = trees.get(name)
        if tree is None or tree.root is None:
            state.errorf("%s is an incomplete or empty template" % quote(name))
        state.walk(data, tree.root)
    except TemplateError as error:
        error.partial = "".join(out)
        raise
    except RecursionError:
        raise TemplateError("template: %s: exceeded maximum nesting depth" % name, "".join(out))
    return "".join(out)
