"""Go's fmt printer state: how one value is printed under one verb and its flags."""

from dockercri.gotemplate import values as V
from dockercri.gotemplate.strconv import (
    can_backquote, format_float, is_print, quote, quote_rune)

_TOO_LARGE = 1000000


def _too_large(number):
    return number > _TOO_LARGE or number < -_TOO_LARGE


def _safe_str(value):
    try:
        return str(value)
    except Exception as error:  # a broken __str__ must not break output
        return "%%!v(PANIC=String method: %s)" % error


class _Printer:
    def __init__(self):
        self.buf = []
        self.arg = None
        self.erroring = False
        self.reordered = False
        self.good_arg_num = True
        self.clear()

    def clear(self):
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False

    # padding ---------------------------------------------------------------
    def write_padding(self, count):
        if count > 0:
            self.buf.append(("0" if self.zero else " ") * count)

    def pad(self, text):
        if not self.wid_present or self.wid == 0:
            self.buf.append(text)
            return
        width = self.wid - len(text)
        if self.minus:
            self.buf.append(text)
            self.write_padding(width)
        else:
            self.write_padding(width)
            self.buf.append(text)

    def truncate(self, text):
        if self.prec_present and len(text) > self.prec:
            return text[:self.prec]
        return text

    # scalars -----------------------------------------------------------------
    def fmt_s(self, text):
        self.pad(self.truncate(text))

    def fmt_q(self, text):
        text = self.truncate(text)
        if self.sharp and can_backquote(text):
            self.pad("`" + text + "`")
        else:
            self.pad(quote(text, ascii_only=self.plus))

    def fmt_sx(self, data, upper):
        digits = "0123456789ABCDEFX" if upper else "0123456789abcdefx"
        length = len(data)
        if self.prec_present and self.prec < length:
            length = self.prec
        width = 2 * length
        if width > 0:
            if self.space:
                if self.sharp:
                    width *= 2
                width += length - 1
            elif self.sharp:
                width += 2
        else:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        out = []
        if self.sharp:
            out.append("0" + digits[16])
        for i in range(length):
            if self.space and i > 0:
                out.append(" ")
                if self.sharp:
                    out.append("0" + digits[16])
            out.append(digits[data[i] >> 4] + digits[data[i] & 0xF])
        self.buf.append("".join(out))
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_string(self, text, verb):
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(text)
            else:
                self.fmt_s(text)
        elif verb == "s":
            self.fmt_s(text)
        elif verb in "xX":
            self.fmt_sx(text.encode("utf-8", "replace"), verb == "X")
        elif verb == "q":
            self.fmt_q(text)
        else:
            self.bad_verb(verb)

    def fmt_bool(self, value, verb):
        if verb in "tv":
            self.pad("true" if value else "false")
        else:
            self.bad_verb(verb)

    def fmt_integer(self, value, base, verb, upper):
        negative = value < 0
        number = -value if negative else value
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and number == 0:
                old, self.zero = self.zero, False
                self.write_padding(self.wid)
                self.zero = old
                return
        elif self.zero and self.wid_present:
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            digits = str(number)
        elif base == 16:
            digits = ("%X" if upper else "%x") % number
        elif base == 8:
            digits = "%o" % number
        else:
            digits = format(number, "b")
        if len(digits) < prec:
            digits = "0" * (prec - len(digits)) + digits
        if self.sharp:
            if base == 2:
                digits = "0b" + digits
            elif base == 8 and digits[0] != "0":
                digits = "0" + digits
            elif base == 16:
                digits = ("0X" if upper else "0x") + digits
        if verb == "O":
            digits = "0o" + digits
        if negative:
            digits = "-" + digits
        elif self.plus:
            digits = "+" + digits
        elif self.space:
            digits = " " + digits
        old, self.zero = self.zero, False
        self.pad(digits)
        self.zero = old

    def fmt_unicode(self, value):
        if value < 0:
            value += 1 << 64
        prec = 4
        if self.prec_present and self.prec > 4:
            prec = self.prec
        text = "U+" + ("%X" % value).rjust(prec, "0")
        if self.sharp and value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF and is_print(chr(value)):
            text += " '" + chr(value) + "'"
        old, self.zero = self.zero, False
        self.pad(text)
        self.zero = old

    def fmt_int(self, value, verb):
        if verb in "vd":
            self.fmt_integer(value, 10, verb, False)
        elif verb == "b":
            self.fmt_integer(value, 2, verb, False)
        elif verb in "oO":
            self.fmt_integer(value, 8, verb, False)
        elif verb in "xX":
            self.fmt_integer(value, 16, verb, verb == "X")
        elif verb == "c":
            ok = 0 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF
            self.pad(chr(value) if ok else "\ufffd")
        elif verb == "q":
            if 0 <= value <= 0x10FFFF:
                self.pad(quote_rune(value, ascii_only=self.plus))
            else:
                self.bad_verb(verb)
        elif verb == "U":
            self.fmt_unicode(value)
        else:
            self.bad_verb(verb)

    def _fmt_float(self, value, verb, prec):
        if self.prec_present:
            prec = self.prec
        num = format_float(value, verb, prec)
        if num[0] not in "+-":
            num = "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":
            old, self.zero = self.zero, False
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad(num)
            self.zero = old
            return
        if self.plus or num[0] != "+":
            if self.zero and self.wid_present and self.wid > len(num):
                self.buf.append(num[0])
                self.write_padding(self.wid - len(num))
                self.buf.append(num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    def fmt_float(self, value, verb):
        if verb == "v":
            self._fmt_float(value, "g", -1)
        elif verb in "bgGxX":
            self._fmt_float(value, verb, -1)
        elif verb in "fFeE":
            self._fmt_float(value, "f" if verb == "F" else verb, 6)
        else:
            self.bad_verb(verb)

    def fmt_complex(self, value, verb):
        if verb in "vbgGxXfFeE":
            old = self.plus
            self.buf.append("(")
            self.fmt_float(value.real, verb)
            self.plus = True
            self.fmt_float(value.imag, verb)
            self.buf.append("i)")
            self.plus = old
        else:
            self.bad_verb(verb)

    def fmt_bytes(self, data, verb):
        if verb in "vd":
            if self.sharp_v:
                self.buf.append("[]byte{" + ", ".join("0x%x" % b for b in data) + "}")
                return
            self.buf.append("[")
            for i, b in enumerate(data):
                if i:
                    self.buf.append(" ")
                self.fmt_integer(b, 10, verb, False)
            self.buf.append("]")
        elif verb == "s":
            self.fmt_s(bytes(data).decode("utf-8", "replace"))
        elif verb in "xX":
            self.fmt_sx(bytes(data), verb == "X")
        elif verb == "q":
            self.fmt_q(bytes(data).decode("utf-8", "replace"))
        else:
            self.print_value(list(data), verb, 0)

    def fmt_pointer(self, value, verb):
        if verb in "vp":
            self.pad("0x%x" % id(value))
        else:
            self.bad_verb(verb)

    # dispatch ----------------------------------------------------------------
    def bad_verb(self, verb):
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if self.arg is not None:
            self.buf.append(V.type_name(self.arg) + "=")
            self.print_arg(self.arg, "v")
        else:
            self.buf.append("<nil>")
        self.buf.append(")")
        self.erroring = False

    def handle_methods(self, verb):
        if self.erroring or self.sharp_v or verb not in "vsxXq":
            return False
        arg = self.arg
        if V.kind(arg) != V.STRUCT:
            return False
        for name in ("Error", "String"):
            try:
                method = getattr(arg, name, None)
            except Exception:
                method = None
            if method is None or not callable(method):
                continue
            try:
                text = method()
            except Exception as error:
                self.buf.append("%%!%s(PANIC=%s method: %s)" % (verb, name, error))
                return True
            if isinstance(text, str):
                self.fmt_string(text, verb)
                return True
        return False

    def _scalar(self, arg, verb):
        k = V.kind(arg)
        if k == V.BOOL:
            self.fmt_bool(arg, verb)
        elif k == V.INT:
            self.fmt_int(arg, verb)
        elif k == V.FLOAT:
            self.fmt_float(arg, verb)
        elif k == V.COMPLEX:
            self.fmt_complex(arg, verb)
        elif k == V.STRING:
            self.fmt_string(arg, verb)
        elif k == V.BYTES:
            self.fmt_bytes(arg, verb)
        else:
            return False
        return True

    def print_arg(self, arg, verb):
        self.arg = arg
        if arg is None:
            if verb in "Tv":
                self.pad("<nil>")
            else:
                self.bad_verb(verb)
            return
        if verb == "T":
            self.fmt_s(V.type_name(arg))
            return
        if verb == "p":
            if V.kind(arg) in (V.MAP, V.SLICE, V.FUNC, V.STRUCT):
                self.fmt_pointer(arg, verb)
            else:
                self.bad_verb(verb)
            return
        if not self._scalar(arg, verb) and not self.handle_methods(verb):
            self.print_value(arg, verb, 0)

    def print_value(self, value, verb, depth):
        if depth > 0 and value is not None:
            self.arg = value
            if self.handle_methods(verb):
                return
        k = V.kind(value)
        if k == V.NIL:
            self.buf.append("interface {}(nil)" if self.sharp_v else "<nil>")
        elif self._scalar(value, verb):
            pass
        elif k == V.MAP:
            if self.sharp_v:
                self.buf.append(V.type_name(value) + "{")
            else:
                self.buf.append("map[")
            for i, key in enumerate(V.sorted_keys(value)):
                if i:
                    self.buf.append(", " if self.sharp_v else " ")
                self.print_value(key, verb, depth + 1)
                self.buf.append(":")
                self.print_value(value[key], verb, depth + 1)
            self.buf.append("}" if self.sharp_v else "]")
        elif k == V.SLICE:
            if self.sharp_v:
                self.buf.append(V.type_name(value) + "{")
            else:
                self.buf.append("[")
            for i, item in enumerate(value):
                if i:
                    self.buf.append(", " if self.sharp_v else " ")
                self.print_value(item, verb, depth + 1)
            self.buf.append("}" if self.sharp_v else "]")
        elif k == V.FUNC:
            self.fmt_pointer(value, verb)
        elif verb in "vs":
            self.fmt_s(_safe_str(value))
        else:
            self.bad_verb(verb)

    def text(self):
        return "".join(self.buf)
