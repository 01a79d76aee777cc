"""Go's fmt: Sprint, Sprintln and Sprintf with Go's verbs, flags and errors."""

from dockercri.gotemplate import values as V

from dockercri.gotemplate.printer import _Printer, _too_large

def sprint(args):
    """fmt.Sprint: spaces between operands when neither is a string."""
    p = _Printer()
    previous_string = False
    for i, arg in enumerate(args):
        is_string = isinstance(arg, str)
        if i > 0 and not is_string and not previous_string:
            p.buf.append(" ")
        p.print_arg(arg, "v")
        previous_string = is_string
    return p.text()


def sprintln(args):
    p = _Printer()
    for i, arg in enumerate(args):
        if i > 0:
            p.buf.append(" ")
        p.print_arg(arg, "v")
    p.buf.append("\n")
    return p.text()


def _parsenum(text, start, end):
    if start >= end:
        return 0, False, end
    number, isnum, i = 0, False, start
    while i < end and "0" <= text[i] <= "9":
        if _too_large(number):
            return 0, False, end
        number = number * 10 + ord(text[i]) - 48
        isnum = True
        i += 1
    return number, isnum, i


def _parse_arg_number(text):
    if len(text) < 3:
        return 0, 1, False
    for i in range(1, len(text)):
        if text[i] == "]":
            width, ok, newi = _parsenum(text, 1, i)
            if not ok or newi != i:
                return 0, i + 1, False
            return width - 1, i + 1, True
    return 0, 1, False


def _arg_number(p, arg_num, fmt, i, num_args):
    if len(fmt) <= i or fmt[i] != "[":
        return arg_num, i, False
    p.reordered = True
    index, wid, ok = _parse_arg_number(fmt[i:])
    if ok and 0 <= index < num_args:
        return index, i + wid, True
    p.good_arg_num = False
    return arg_num, i + wid, ok


def _int_from_arg(args, arg_num):
    number, is_int, new_arg_num = 0, False, arg_num
    if arg_num < len(args):
        arg = args[arg_num]
        if V.kind(arg) == V.INT and -(1 << 63) <= arg < (1 << 63):
            number, is_int = arg, True
        new_arg_num = arg_num + 1
        if _too_large(number):
            number, is_int = 0, False
    return number, is_int, new_arg_num


def sprintf(fmt, args):
    """fmt.Sprintf with Go's verbs, flags, widths, [n] indexes and %!errors."""
    p = _Printer()
    end = len(fmt)
    arg_num = 0
    after_index = False
    i = 0
    while i < end:
        p.good_arg_num = True
        last = i
        while i < end and fmt[i] != "%":
            i += 1
        if i > last:
            p.buf.append(fmt[last:i])
        if i >= end:
            break
        i += 1
        p.clear()
        simple = False
        while i < end:
            c = fmt[i]
            if c == "#":
                p.sharp = True
            elif c == "0":
                p.zero = not p.minus
            elif c == "+":
                p.plus = True
            elif c == "-":
                p.minus, p.zero = True, False
            elif c == " ":
                p.space = True
            else:
                if "a" <= c <= "z" and arg_num < len(args):
                    if c == "v":
                        p.sharp_v, p.sharp = p.sharp, False
                        p.plus_v, p.plus = p.plus, False
                    p.print_arg(args[arg_num], c)
                    arg_num += 1
                    i += 1
                    simple = True
                break
            i += 1
        if simple:
            continue
        arg_num, i, after_index = _arg_number(p, arg_num, fmt, i, len(args))
        if i < end and fmt[i] == "*":
            i += 1
            p.wid, p.wid_present, arg_num = _int_from_arg(args, arg_num)
            if not p.wid_present:
                p.buf.append("%!(BADWIDTH)")
            if p.wid < 0:
                p.wid, p.minus, p.zero = -p.wid, True, False
            after_index = False
        else:
            p.wid, p.wid_present, i = _parsenum(fmt, i, end)
            if after_index and p.wid_present:
                p.good_arg_num = False
        if i + 1 < end and fmt[i] == ".":
            i += 1
            if after_index:
                p.good_arg_num = False
            arg_num, i, after_index = _arg_number(p, arg_num, fmt, i, len(args))
            if i < end and fmt[i] == "*":
                i += 1
                p.prec, p.prec_present, arg_num = _int_from_arg(args, arg_num)
                if p.prec < 0:
                    p.prec, p.prec_present = 0, False
                if not p.prec_present:
                    p.buf.append("%!(BADPREC)")
                after_index = False
            else:
                p.prec, p.prec_present, i = _parsenum(fmt, i, end)
                if not p.prec_present:
                    p.prec, p.prec_present = 0, True
        if not after_index:
            arg_num, i, after_index = _arg_number(p, arg_num, fmt, i, len(args))
        if i >= end:
            p.buf.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if verb == "%":
            p.buf.append("%")
        elif not p.good_arg_num:
            p.buf.append("%!" + verb + "(BADINDEX)")
        elif arg_num >= len(args):
            p.buf.append("%!" + verb + "(MISSING)")
        else:
            if verb == "v":
                p.sharp_v, p.sharp = p.sharp, False
                p.plus_v, p.plus = p.plus, False
            p.print_arg(args[arg_num], verb)
            arg_num += 1
    if not p.reordered and arg_num < len(args):
        p.clear()
        p.buf.append("%!(EXTRA ")
        for j, arg in enumerate(args[arg_num:]):
            if j:
                p.buf.append(", ")
            if arg is None:
                p.buf.append("<nil>")
            else:
                p.buf.append(V.type_name(arg) + "=")
                p.print_arg(arg, "v")
        p.buf.append(")")
    return p.text()
