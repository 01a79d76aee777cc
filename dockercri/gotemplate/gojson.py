"""Go's encoding/json output for Python values (compact, Go's escapes).

Dicts keep their own key order: the dicts this project hands to templates
stand for docker's structs, whose fields Go writes in declaration order.
"""

import base64
import json
import math

from dockercri.gotemplate import values as V
from dockercri.gotemplate.strconv import format_float

_HEX = "0123456789abcdef"


class UnsupportedValue(ValueError):
    pass


def _string(text, escape_html):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or escape_html and ch in "<>&":
            out.append("\\u00" + _HEX[code >> 4] + _HEX[code & 0xF])
        elif ch in "\u2028\u2029":
            out.append("\\u202" + _HEX[code & 0xF])
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _float(value):
    if math.isinf(value) or math.isnan(value):
        raise UnsupportedValue("json: unsupported value: %s" % format_float(value, "g", -1))
    absolute = abs(value)
    if absolute != 0 and (absolute < 1e-6 or absolute >= 1e21):
        text = format_float(value, "e", -1)
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return format_float(value, "f", -1)


def _compact(raw, escape_html):
    try:
        json.loads(raw)
    except ValueError as error:
        raise UnsupportedValue("json: error calling MarshalJSON: %s" % error)
    out = []
    in_string = escaped = False
    for ch in raw:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            if escape_html and ch in "<>&":
                out.append("\\u00" + _HEX[ord(ch) >> 4] + _HEX[ord(ch) & 0xF])
                continue
            out.append(ch)
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif ch not in " \t\r\n":
            out.append(ch)
    return "".join(out)


def _key(key, escape_html):
    if isinstance(key, str):
        return _string(key, escape_html)
    if V.kind(key) == V.INT:
        return '"%d"' % key
    raise UnsupportedValue("json: unsupported type: %s" % V.type_name({key: None}))


def _encode(value, escape_html, depth):
    if depth > 500:
        raise UnsupportedValue("json: unsupported value: encountered a cycle")
    k = V.kind(value)
    if k == V.NIL:
        return "null"
    if k == V.BOOL:
        return "true" if value else "false"
    if k == V.INT:
        return str(value)
    if k == V.FLOAT:
        return _float(value)
    if k == V.STRING:
        return _string(value, escape_html)
    if k == V.BYTES:
        return '"' + base64.b64encode(bytes(value)).decode("ascii") + '"'
    if k == V.MAP:
        items = [_key(key, escape_html) + ":" + _encode(item, escape_html, depth + 1)
                 for key, item in value.items()]
        return "{" + ",".join(items) + "}"
    if k == V.SLICE:
        return "[" + ",".join(_encode(item, escape_html, depth + 1) for item in value) + "]"
    if k in (V.COMPLEX, V.FUNC):
        raise UnsupportedValue("json: unsupported type: %s" % V.type_name(value))
    marshal = getattr(value, "MarshalJSON", None)
    if callable(marshal):
        raw = marshal()
        if isinstance(raw, (bytes, bytearray)):
            raw = raw.decode("utf-8", "replace")
        if isinstance(raw, str):
            return _compact(raw, escape_html)
        return _encode(raw, escape_html, depth + 1)
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):
        items = [_string(name, escape_html) + ":" + _encode(item, escape_html, depth + 1)
                 for name, item in fields.items() if name[:1].isupper()]
        return "{" + ",".join(items) + "}"
    return _string(str(value), escape_html)


def marshal(value, escape_html=True):
    """json.Marshal(value) as text; raises UnsupportedValue as Go errors."""
    return _encode(value, escape_html, 0)
