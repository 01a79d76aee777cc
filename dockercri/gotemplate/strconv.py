"""The parts of Go's strconv the engine needs: quoting, unquoting, numbers."""

import math
from decimal import Decimal

MAX_RUNE = 0x10FFFF
RUNE_ERROR = "\ufffd"
_HEX = "0123456789abcdef"


class StrconvError(ValueError):
    def __init__(self, message="invalid syntax"):
        super().__init__(message)


def utf8len(text):
    return len(text.encode("utf-8", "surrogatepass"))


def is_print(ch):
    """unicode.IsPrint: letters, marks, numbers, punctuation, symbols, ASCII space."""
    return ch.isprintable()


def sharp_u(ch):
    """fmt's %#U of one character: U+0078 'x'."""
    text = "U+%04X" % ord(ch)
    if is_print(ch):
        text += " '%s'" % ch
    return text


def _escaped_rune(ch, quote, ascii_only):
    code = ord(ch)
    if ch == quote or ch == "\\":
        return "\\" + ch
    if 0xD800 <= code <= 0xDFFF:
        ch, code = RUNE_ERROR, 0xFFFD
    if is_print(ch) and not (ascii_only and code >= 0x80):
        return ch
    simple = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
              "\r": "\\r", "\t": "\\t", "\v": "\\v"}
    if ch in simple:
        return simple[ch]
    if code < 0x20 or code == 0x7F:
        return "\\x" + _HEX[code >> 4] + _HEX[code & 0xF]
    if code < 0x10000:
        return "\\u%04x" % code
    return "\\U%08x" % code


def quote(text, ascii_only=False):
    """strconv.Quote (QuoteToASCII with ascii_only)."""
    return '"' + "".join(_escaped_rune(ch, '"', ascii_only) for ch in text) + '"'


def quote_rune(code, ascii_only=False):
    """strconv.QuoteRune for an integer code point."""
    if code < 0 or code > MAX_RUNE or 0xD800 <= code <= 0xDFFF:
        code = 0xFFFD
    return "'" + _escaped_rune(chr(code), "'", ascii_only) + "'"


def can_backquote(text):
    for ch in text:
        if ch == "`" or ch == "\ufeff" or 0xD800 <= ord(ch) <= 0xDFFF:
            return False
        if ord(ch) < 0x20 and ch != "\t" or ch == "\x7f":
            return False
    return True


def _unhex(ch):
    if "0" <= ch <= "9":
        return ord(ch) - 48
    if "a" <= ch <= "f":
        return ord(ch) - 87
    if "A" <= ch <= "F":
        return ord(ch) - 55
    return None


def unquote_char(text, i, quote_char):
    """strconv.UnquoteChar on text[i:]; returns (code, multibyte, next index)."""
    if i >= len(text):
        raise StrconvError()
    ch = text[i]
    if ch == quote_char and quote_char in "'\"":
        raise StrconvError()
    if ord(ch) >= 0x80:
        return ord(ch), True, i + 1
    if ch != "\\":
        return ord(ch), False, i + 1
    if i + 1 >= len(text):
        raise StrconvError()
    ch = text[i + 1]
    i += 2
    simple = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
    if ch in simple:
        return simple[ch], False, i
    if ch in "xuU":
        count = {"x": 2, "u": 4, "U": 8}[ch]
        if len(text) - i < count:
            raise StrconvError()
        value = 0
        for j in range(count):
            digit = _unhex(text[i + j])
            if digit is None:
                raise StrconvError()
            value = value << 4 | digit
        i += count
        if ch == "x":
            return value, False, i
        if value > MAX_RUNE or 0xD800 <= value <= 0xDFFF:
            raise StrconvError()
        return value, True, i
    if "0" <= ch <= "7":
        value = ord(ch) - 48
        if len(text) - i < 2:
            raise StrconvError()
        for j in range(2):
            digit = ord(text[i + j]) - 48
            if digit < 0 or digit > 7:
                raise StrconvError()
            value = value << 3 | digit
        i += 2
        if value > 255:
            raise StrconvError()
        return value, False, i
    if ch in "'\"":
        if ch != quote_char:
            raise StrconvError()
        return ord(ch), False, i
    raise StrconvError()


def _encode_rune(code):
    if 0xD800 <= code <= 0xDFFF or code > MAX_RUNE:
        code = 0xFFFD
    return chr(code).encode("utf-8")


def unquote(text):
    """strconv.Unquote for "...", `...` and '...' literals."""
    if len(text) < 2 or text[0] != text[-1]:
        raise StrconvError()
    quote_char, body = text[0], text[1:-1]
    if quote_char == "`":
        if "`" in body:
            raise StrconvError()
        return body.replace("\r", "")
    if quote_char not in "\"'":
        raise StrconvError()
    if "\n" in body:
        raise StrconvError()
    if "\\" not in body and quote_char not in body:
        if quote_char == '"':
            return body
        if len(body) == 1:
            return body
    out = bytearray()
    i = 0
    while i < len(body):
        code, multibyte, i = unquote_char(body, i, quote_char)
        if not multibyte or code < 0x80:
            out.append(code)
        else:
            out += _encode_rune(code)
        if quote_char == "'" and i < len(body):
            raise StrconvError()
    return out.decode("utf-8", "replace")


# Numbers ----------------------------------------------------------------

def underscore_ok(text):
    saw = "^"
    i = 0
    if text[:1] in ("-", "+"):
        text = text[1:]
    hexa = False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        i = 2
        saw = "0"
        hexa = text[1].lower() == "x"
    while i < len(text):
        ch = text[i]
        if "0" <= ch <= "9" or hexa and "a" <= ch.lower() <= "f":
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def parse_uint(text):
    """strconv.ParseUint(text, 0, 64), or None on any error."""
    if not text:
        return None
    original = text
    base = 10
    if text[0] == "0":
        if len(text) >= 3 and text[1] in "bB":
            base, text = 2, text[2:]
        elif len(text) >= 3 and text[1] in "oO":
            base, text = 8, text[2:]
        elif len(text) >= 3 and text[1] in "xX":
            base, text = 16, text[2:]
        else:
            base, text = 8, text[1:]
    underscores = False
    value = 0
    for ch in text:
        if ch == "_":
            underscores = True
            continue
        digit = _unhex(ch) if base == 16 else (ord(ch) - 48 if "0" <= ch <= "9" else None)
        if digit is None or digit >= base:
            return None
        value = value * base + digit
        if value >= 1 << 64:
            return None
    if underscores and not underscore_ok(original):
        return None
    return value


def parse_int(text):
    """strconv.ParseInt(text, 0, 64), or None on any error."""
    if not text:
        return None
    negative = False
    if text[0] in "+-":
        negative = text[0] == "-"
        text = text[1:]
    value = parse_uint(text)
    if value is None:
        return None
    if negative:
        return -value if value <= 1 << 63 else None
    return value if value < 1 << 63 else None


def parse_float(text):
    """strconv.ParseFloat(text, 64), or None on a syntax or range error."""
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body:
        return None
    if "_" in text and not underscore_ok(text):
        return None
    clean = text.replace("_", "")
    try:
        if body[:2] in ("0x", "0X"):
            if "p" not in body.lower() or not all(c in "0123456789abcdefABCDEF.pP+-_xX" for c in body):
                return None
            value = float.fromhex(clean)
        else:
            if not all(c in "0123456789.eE+-_" for c in body):
                return None
            value = float(clean)
    except (ValueError, OverflowError):
        return None
    if math.isinf(value):
        return None
    return value


# Floats -----------------------------------------------------------------

def _shortest(value):
    """Shortest decimal digits of a positive finite float: (digits, dp)."""
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits))
    stripped = text.rstrip("0")
    exponent += len(text) - len(stripped)
    text = stripped.lstrip("0")
    return text, len(text) + exponent


def _fmt_e(digits, dp, prec, letter):
    out = digits[0] if digits else "0"
    if prec > 0:
        out += "." + digits[1:1 + prec].ljust(prec, "0")
    exp = dp - 1 if digits else 0
    sign = "+" if exp >= 0 else "-"
    return out + letter + sign + "%02d" % abs(exp)


def _fmt_f(digits, dp, prec):
    out = digits[:dp].ljust(dp, "0") if dp > 0 else "0"
    if prec > 0:
        frac = []
        for i in range(prec):
            j = dp + i
            frac.append(digits[j] if 0 <= j < len(digits) else "0")
        out += "." + "".join(frac)
    return out


def _fmt_hex(value, prec, upper):
    if value == 0:
        lead, frac_hex, exp = 0, "", 0
    else:
        mantissa, exp = math.frexp(value)
        bits = int(mantissa * (1 << 53))
        exp -= 1
        lead = bits >> 52
        frac_hex = ("%013x" % (bits & ((1 << 52) - 1))).rstrip("0")
    if prec >= 0:
        frac_hex = frac_hex[:prec].ljust(prec, "0")
    text = "0x%d" % lead + ("." + frac_hex if frac_hex else "")
    text += "p%s%02d" % ("+" if exp >= 0 else "-", abs(exp))
    return text.upper() if upper else text


def format_float(value, fmt, prec):
    """strconv.FormatFloat(value, fmt, prec, 64) for fmt in b e E f F g G x X."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    negative = math.copysign(1.0, value) < 0
    absolute = abs(value)
    sign = "-" if negative else ""
    if fmt == "b":
        if absolute == 0:
            return sign + "0p-1074"
        mantissa, exp = math.frexp(absolute)
        return sign + "%dp%+d" % (int(mantissa * (1 << 53)), exp - 53)
    if fmt in "xX":
        return sign + _fmt_hex(absolute, prec, fmt == "X")
    if fmt == "F":
        fmt = "f"
    if prec >= 0:
        return format(value, ".%d%s" % (prec, fmt))
    digits, dp = _shortest(absolute) if absolute else ("", 0)
    low = fmt.lower()
    letter = "E" if fmt in "EG" else "e"
    if low == "e":
        return sign + _fmt_e(digits, dp, max(len(digits) - 1, 0), letter)
    if low == "f":
        return sign + _fmt_f(digits, dp, max(len(digits) - dp, 0))
    exp = dp - 1
    if exp < -4 or exp >= 6:
        return sign + _fmt_e(digits, dp, max(len(digits) - 1, 0), letter)
    return sign + _fmt_f(digits, dp, max(len(digits) - dp, 0))
