"""Value parsers: environment and labels."""

import os

from ._common import _at_parse

_WHITESPACE = " \t"  # what docker trims from and refuses in variable names

@_at_parse
def env_var(value, environ=None):
    """-e: "KEY=VALUE" -> {"key": KEY, "value": VALUE}; "KEY" takes its value from `environ`.

    A bare KEY that `environ` lacks returns None: docker leaves such a variable
    out of the container. `environ` defaults to os.environ.
    """
    environ = os.environ if environ is None else environ
    key, eq, val = value.partition("=")
    if not key:
        raise ValueError("invalid environment variable: %s" % value)
    if eq:
        return {"key": key, "value": val}
    if key in environ:
        return {"key": key, "value": environ[key]}
    return None


@_at_parse
def label(value):
    """-l/--label: "KEY=VALUE" -> (KEY, VALUE); a bare "KEY" is (KEY, "")."""
    key, _, val = value.partition("=")
    name = key.lstrip(_WHITESPACE)
    if not name:
        raise ValueError("invalid label '%s': empty name" % value)
    if any(ch in _WHITESPACE for ch in name):
        raise ValueError("label '%s' contains whitespaces" % name)
    return name, val


def key_value(value):
    """crictl's --label filter: "KEY=VALUE" -> (KEY, VALUE); both parts are required."""
    key, eq, val = value.partition("=")
    if not eq or not key:
        raise ValueError("incorrectly specified label: %s" % value)
    return key, val


def _key_value_file(path, environ):
    """docker's parser for --env-file and --label-file (opts/parse.go)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    lines = []
    for number, data in enumerate(raw.split(b"\n"), 1):
        if data.endswith(b"\r"):
            data = data[:-1]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("env file %s contains invalid utf8 bytes at line %d: %s"
                             % (path, number, list(data)))
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        line = text.lstrip()
        if not line or line.startswith("#"):
            continue
        variable, eq, rest = line.partition("=")
        variable = variable.lstrip(_WHITESPACE)
        if any(ch in _WHITESPACE for ch in variable):
            raise ValueError("poorly formatted environment: variable '%s' contains whitespaces"
                             % variable)
        if not variable:
            raise ValueError("poorly formatted environment: no variable name on line '%s'" % line)
        if eq:
            lines.append((variable, rest))
        elif environ is not None and line.strip() in environ:
            lines.append((line.strip(), environ[line.strip()]))
    return lines


def env_file(path, environ=None):
    """--env-file PATH -> [{"key", "value"}, ...] in file order.

    docker's rules: leading whitespace is ignored, blank lines and lines
    starting with # are skipped, KEY=VALUE keeps VALUE verbatim (no quotes are
    removed, no trimming), a bare KEY takes its value from `environ` and is left
    out when unset, a KEY with whitespace in it is an error. A missing file
    raises ValueError with the system's message, as docker prints it.
    """
    environ = os.environ if environ is None else environ
    try:
        pairs = _key_value_file(path, environ)
    except OSError as err:
        raise ValueError("open %s: %s" % (path, (err.strerror or str(err)).lower()))
    return [{"key": key, "value": val} for key, val in pairs]


def label_file(path):
    """--label-file PATH -> [(KEY, VALUE), ...]: the env-file rules, but a bare KEY is skipped."""
    try:
        return _key_value_file(path, None)
    except OSError as err:
        raise ValueError("open %s: %s" % (path, (err.strerror or str(err)).lower()))
