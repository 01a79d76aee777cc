"""Turning flag text into values, with pflag's error wording.

docker's flag errors read: invalid argument "x" for "-n, --last" flag: <reason>.
"""

from dockercri.errors import UsageError


def flag_label(flag):
    return "%s, %s" % (flag.short, flag.name) if flag.short else flag.name


def _bad(flag, text, reason):
    return UsageError('invalid argument "%s" for "%s" flag: %s' % (text, flag_label(flag), reason))


def parse_int(flag, text, unsigned=False):
    try:
        value = int(text, 0) if text.lower().startswith(("0x", "0o", "0b")) else int(text)
    except ValueError:
        func = "strconv.ParseUint" if unsigned else "strconv.ParseInt"
        raise _bad(flag, text, '%s: parsing "%s": invalid syntax' % (func, text))
    if unsigned and value < 0:
        raise _bad(flag, text, 'strconv.ParseUint: parsing "%s": invalid syntax' % text)
    return value


def parse_float(flag, text):
    try:
        return float(text)
    except ValueError:
        raise _bad(flag, text, 'strconv.ParseFloat: parsing "%s": invalid syntax' % text)


def convert(flag, raw):
    """Convert click's raw string(s) for one flag; bools and lists pass through."""
    if raw is None:
        return None
    kind = flag.type
    if kind == "int":
        return parse_int(flag, raw)
    if kind == "uint":
        return parse_int(flag, raw, unsigned=True)
    if kind == "float":
        if flag.transform:  # --cpus: docker's own type, a rational ("1.5", "3/2")
            from dockercri.mapping import transforms
            try:
                getattr(transforms, flag.transform)(raw)
            except ValueError as error:
                raise _bad(flag, raw, str(error))
            try:
                return float(raw)
            except ValueError:
                return raw
        return parse_float(flag, raw)
    if flag.transform:
        from dockercri.mapping import transforms
        function = getattr(transforms, flag.transform)
        if getattr(function, "at_parse", False):
            # docker validates these while parsing flags: exit 125 with pflag's wording.
            items = raw if kind in ("list", "map") else (raw,)
            for item in items:
                try:
                    function(item)
                except ValueError as error:
                    raise _bad(flag, item, str(error))
    if kind in ("list", "map"):
        return tuple(raw)
    return raw


BOOL_WORDS = {"1": True, "t": True, "T": True, "true": True, "TRUE": True, "True": True,
              "0": False, "f": False, "F": False, "false": False, "FALSE": False, "False": False}
