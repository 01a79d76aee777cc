"""Template functions: Go 1.13's builtins and docker's additions.

Each function carries the Go parameter types the executor checks
arguments against, so wrong calls fail with Go's messages.
"""

import inspect
from urllib.parse import quote_plus

from dockercri.gotemplate import gofmt, gojson
from dockercri.gotemplate import values as V
from dockercri.gotemplate.errors import FuncError
from dockercri.gotemplate.strconv import is_print, utf8len

# Go parameter types.
ANY = "interface {}"
VALUE = "reflect.Value"
STRING = "string"
INT = "int"
BOOL = "bool"
FLOAT = "float64"
STRINGS = "[]string"

NILABLE = frozenset([None, ANY, VALUE, STRINGS])


class GoFunc:
    """A callable as Go sees it: fixed parameters, optional variadic tail."""

    __slots__ = ("name", "params", "variadic", "impl", "min_in", "foreign")

    def __init__(self, name, params, variadic, impl, min_in=None, foreign=False):
        self.name = name
        self.params = tuple(params)
        self.variadic = variadic
        self.impl = impl
        self.min_in = len(self.params) if min_in is None else min_in
        self.foreign = foreign


_ANNOTATIONS = {str: STRING, "str": STRING, int: INT, "int": INT,
                bool: BOOL, "bool": BOOL, float: FLOAT, "float": FLOAT}


def wrap_callable(name, fn):
    """A GoFunc for a Python callable (a method of a data object, say)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return GoFunc(name, (), ANY, fn, foreign=True)
    params, required, variadic = [], 0, None
    for param in signature.parameters.values():
        typ = _ANNOTATIONS.get(param.annotation, ANY) if param.annotation is not param.empty else ANY
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            params.append(typ)
            if param.default is param.empty:
                required = len(params)
        elif param.kind == param.VAR_POSITIONAL:
            variadic = typ
    return GoFunc(name, params, variadic, fn, min_in=required, foreign=True)


# truth and logic -----------------------------------------------------------

def _and(arg0, *args):
    if not V.is_true(arg0):
        return arg0
    for arg in args:
        arg0 = arg
        if not V.is_true(arg0):
            break
    return arg0


def _or(arg0, *args):
    if V.is_true(arg0):
        return arg0
    for arg in args:
        arg0 = arg
        if V.is_true(arg0):
            break
    return arg0


def _not(arg):
    return not V.is_true(arg)


# comparison ----------------------------------------------------------------

_BAD_TYPE = "invalid type for comparison"
_INCOMPATIBLE = "incompatible types for comparison"


def _basic_kind(value):
    k = V.kind(value)
    if k in (V.BOOL, V.INT, V.FLOAT, V.COMPLEX, V.STRING):
        return k
    raise FuncError(_BAD_TYPE)


def _eq(arg1, *arg2):
    k1 = _basic_kind(arg1)
    if not arg2:
        raise FuncError("missing argument for comparison")
    for arg in arg2:
        if _basic_kind(arg) != k1:
            raise FuncError(_INCOMPATIBLE)
        if arg1 == arg:
            return True
    return False


def _ne(arg1, arg2):
    return not _eq(arg1, arg2)


def _lt(arg1, arg2):
    k1, k2 = _basic_kind(arg1), _basic_kind(arg2)
    if k1 != k2:
        raise FuncError(_INCOMPATIBLE)
    if k1 in (V.BOOL, V.COMPLEX):
        raise FuncError(_BAD_TYPE)
    return arg1 < arg2


def _le(arg1, arg2):
    return _lt(arg1, arg2) or _eq(arg1, arg2)


def _gt(arg1, arg2):
    return not _le(arg1, arg2)


def _ge(arg1, arg2):
    return not _lt(arg1, arg2)


# collections ---------------------------------------------------------------

def _len(item):
    k = V.kind(item)
    if k == V.NIL:
        raise FuncError("len of untyped nil")
    if k == V.STRING:
        return utf8len(item)
    if k in (V.BYTES, V.MAP, V.SLICE):
        return len(item)
    raise FuncError("len of type %s" % V.type_name(item))


def _index_arg(index, size, inclusive=False):
    k = V.kind(index)
    if k == V.NIL:
        raise FuncError("cannot index slice/array with nil")
    if k != V.INT:
        raise FuncError("cannot index slice/array with type %s" % V.type_name(index))
    if index < 0 or index > size or index == size and not inclusive:
        raise FuncError("index out of range: %d" % index)
    return index


def _map_zero(mapping):
    """Zero value for a missing key: "" for string maps (like labels), else nil."""
    try:
        if all(isinstance(v, str) for v in mapping.values()):
            return ""
    except Exception:
        pass
    return None


def _index(item, *indices):
    if item is None:
        raise FuncError("index of untyped nil")
    for index in indices:
        k = V.kind(item)
        if k in (V.SLICE, V.STRING, V.BYTES):
            if k == V.STRING:
                data = item.encode("utf-8", "surrogatepass")
                item = data[_index_arg(index, len(data))]
            else:
                item = item[_index_arg(index, len(item))]
        elif k == V.MAP:
            key_type = V.map_key_type(item)
            index_kind = V.kind(index)
            if index is None and key_type in ("string", "int"):
                raise FuncError("value is nil; should be of type %s" % key_type)
            if key_type == "string" and index_kind != V.STRING or key_type == "int" and index_kind != V.INT:
                raise FuncError("value has type %s; should be %s" % (V.type_name(index), key_type))
            try:
                item = item[index] if index in item else _map_zero(item)
            except TypeError:
                raise FuncError("value has type %s; should be %s" % (V.type_name(index), key_type))
        elif k == V.NIL:
            raise FuncError("index of untyped nil")
        else:
            raise FuncError("can't index item of type %s" % V.type_name(item))
    return item


def _slice(item, *indexes):
    if item is None:
        raise FuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise FuncError("too many slice indexes: %d" % len(indexes))
    k = V.kind(item)
    if k == V.STRING:
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
        data = item.encode("utf-8", "surrogatepass")
    elif k in (V.SLICE, V.BYTES):
        data = item
    else:
        raise FuncError("can't slice item of type %s" % V.type_name(item))
    bounds = [0, len(data)]
    for i, index in enumerate(indexes):
        value = _index_arg(index, len(data), inclusive=True)
        if i < 2:
            bounds[i] = value
        else:
            bounds.append(value)
    if bounds[0] > bounds[1]:
        raise FuncError("invalid slice index: %d > %d" % (bounds[0], bounds[1]))
    if len(bounds) == 3 and bounds[1] > bounds[2]:
        raise FuncError("invalid slice index: %d > %d" % (bounds[1], bounds[2]))
    part = data[bounds[0]:bounds[1]]
    if k == V.STRING:
        return part.decode("utf-8", "replace")
    if isinstance(item, V.StringSlice):
        return V.StringSlice(part)
    return part


def _call(fn, *args):
    if fn is None:
        raise FuncError("call of nil")
    if not callable(fn):
        raise FuncError("non-function of type %s" % V.type_name(fn))
    spec = wrap_callable("call", fn)
    if spec.variadic is not None:
        if len(args) < len(spec.params):
            raise FuncError("wrong number of args: got %d want at least %d" % (len(args), len(spec.params)))
    elif not spec.min_in <= len(args) <= len(spec.params):
        raise FuncError("wrong number of args: got %d want %d" % (len(args), len(spec.params)))
    try:
        return fn(*args)
    except FuncError:
        raise
    except Exception as error:
        raise FuncError(str(error))


# printing and escaping -------------------------------------------------------

def _eval_args(args):
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return gofmt.sprint(["<no value>" if a is None else a for a in args])


def _html(*args):
    text = _eval_args(args)
    table = {'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\ufffd"}
    return "".join(table.get(ch, ch) for ch in text)


def _js(*args):
    out = []
    for ch in _eval_args(args):
        code = ord(ch)
        if ch in "\\'\"":
            out.append("\\" + ch)
        elif ch == "<":
            out.append("\\x3C")
        elif ch == ">":
            out.append("\\x3E")
        elif code < 0x20:
            out.append("\\u00%02X" % code)
        elif code >= 0x80 and not is_print(ch):
            out.append("\\u%04X" % code)
        else:
            out.append(ch)
    return "".join(out)


def _urlquery(*args):
    return quote_plus(_eval_args(args).encode("utf-8", "replace"), safe="")


def _print(*args):
    return gofmt.sprint(args)


def _printf(fmt, *args):
    return gofmt.sprintf(fmt, args)


def _println(*args):
    return gofmt.sprintln(args)


# docker's functions ----------------------------------------------------------

def _json(value):
    # docker ignores the encoder's error and prints what it buffered: nothing
    try:
        return gojson.marshal(value, escape_html=False)
    except gojson.UnsupportedValue:
        return ""
    except RecursionError:
        raise
    except Exception as error:  # a data object's MarshalJSON failed
        raise FuncError(str(error))


def _split(text, sep):
    if sep == "":
        return V.StringSlice(text)
    return V.StringSlice(text.split(sep))


def _join(items, sep):
    return sep.join(items or ())


def _is_separator(ch):
    if ch <= "\x7f":
        return not (ch.isalnum() or ch == "_")
    if ch.isalpha() or ch.isdecimal():
        return False
    return ch.isspace()


def _map_runes(text, convert):
    out = []
    for ch in text:
        converted = convert(ch)
        out.append(converted if len(converted) == 1 else ch)
    return "".join(out)


def _title(text):
    out = []
    previous = " "
    for ch in text:
        if _is_separator(previous):
            converted = ch.title()
            out.append(converted if len(converted) == 1 else ch)
        else:
            out.append(ch)
        previous = ch
    return "".join(out)


def _lower(text):
    return _map_runes(text, str.lower)


def _upper(text):
    return _map_runes(text, str.upper)


_MAX_REPEAT = 10000000


def _pad(source, prefix, suffix):
    if source == "":
        return source
    if prefix < 0 or suffix < 0:
        raise FuncError("strings: negative Repeat count")
    if prefix > _MAX_REPEAT or suffix > _MAX_REPEAT:
        raise FuncError("strings: Repeat count causes overflow")
    return " " * prefix + source + " " * suffix


def _truncate(source, length):
    data = source.encode("utf-8", "surrogatepass")
    if len(data) < length:
        return source
    if length < 0:
        raise FuncError("runtime error: slice bounds out of range [:%d]" % length)
    return data[:length].decode("utf-8", "ignore")


def _identity(value, *unused):
    return value


BUILTINS = {
    "and": GoFunc("and", [VALUE], VALUE, _and),
    "call": GoFunc("call", [VALUE], VALUE, _call),
    "html": GoFunc("html", [], ANY, _html),
    "index": GoFunc("index", [VALUE], VALUE, _index),
    "slice": GoFunc("slice", [VALUE], VALUE, _slice),
    "js": GoFunc("js", [], ANY, _js),
    "len": GoFunc("len", [ANY], None, _len),
    "not": GoFunc("not", [VALUE], None, _not),
    "or": GoFunc("or", [VALUE], VALUE, _or),
    "print": GoFunc("print", [], ANY, _print),
    "printf": GoFunc("printf", [STRING], ANY, _printf),
    "println": GoFunc("println", [], ANY, _println),
    "urlquery": GoFunc("urlquery", [], ANY, _urlquery),
    "eq": GoFunc("eq", [VALUE], VALUE, _eq),
    "ge": GoFunc("ge", [VALUE, VALUE], None, _ge),
    "gt": GoFunc("gt", [VALUE, VALUE], None, _gt),
    "le": GoFunc("le", [VALUE, VALUE], None, _le),
    "lt": GoFunc("lt", [VALUE, VALUE], None, _lt),
    "ne": GoFunc("ne", [VALUE, VALUE], None, _ne),
}

# docker/cli templates.basicFunctions
DOCKER_FUNCTIONS = {
    "json": GoFunc("json", [ANY], None, _json),
    "split": GoFunc("split", [STRING, STRING], None, _split),
    "join": GoFunc("join", [STRINGS, STRING], None, _join),
    "title": GoFunc("title", [STRING], None, _title),
    "lower": GoFunc("lower", [STRING], None, _lower),
    "upper": GoFunc("upper", [STRING], None, _upper),
    "pad": GoFunc("pad", [STRING, INT, INT], None, _pad),
    "truncate": GoFunc("truncate", [STRING, INT], None, _truncate),
}

# docker/cli templates.HeaderFunctions (19.03): keep the header text intact.
HEADER_FUNCTIONS = {
    "json": GoFunc("json", [STRING], None, _identity),
    "title": GoFunc("title", [STRING], None, _identity),
    "lower": GoFunc("lower", [STRING], None, _identity),
    "upper": GoFunc("upper", [STRING], None, _identity),
    "truncate": GoFunc("truncate", [STRING, INT], None, _identity),
}


def function_table(extra=None):
    """Builtins, docker's functions, then caller-supplied callables by name."""
    table = dict(BUILTINS)
    table.update(DOCKER_FUNCTIONS)
    for name, fn in (extra or {}).items():
        table[name] = fn if isinstance(fn, GoFunc) else wrap_callable(name, fn)
    return table
