"""Helpers shared by the value parsers: the at-parse mark and docker's flag error."""

# Public functions that no table row names: tools for the command line.
HELPERS = ("flag_error",)


def _digits(text):
    """Only ASCII digits (str.isdigit also takes other scripts' digits)."""
    return text.isascii() and text.isdigit()


def _at_parse(fn):
    fn.at_parse = True
    return fn


def flag_error(flag, value, error):
    """docker's (pflag's) wording for a value rejected while parsing flags.

    `flag` is how docker names the flag in that message: "-m, --memory" when it
    has a shorthand, else "--cpus".
    """
    return 'invalid argument "%s" for "%s" flag: %s' % (value, flag, error)


_TRUE = ("1", "t", "T", "true", "TRUE", "True")
_FALSE = ("0", "f", "F", "false", "FALSE", "False")


def _go_bool(text, error):
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(error)
