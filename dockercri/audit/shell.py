"""Docker invocations in shell text, read with tree-sitter's bash grammar.

Every `command` node of the syntax tree is looked at, so calls inside `$(...)`,
backticks, pipelines, lists, loops and functions are all found. Before the
docker binary may come wrappers that run their arguments as a command (sudo,
timeout, env, xargs, exec, ...); `sh -c 'text'` is parsed again. The binary is
`docker` by name or path, or a variable that holds it (`$DOCKER`,
`${docker_bin_dir}/docker`).

A word is a str when its value is fixed in the file (literals, and variables
given one literal value in the file), else a Dynamic naming its source text.
"""

import os
import re

from dockercri.audit.words import Call, Dynamic
from dockercri.audit.wrappers import SHELLS, WRAPPERS


class MissingParser(Exception):
    """The optional shell grammar (tree-sitter, tree-sitter-bash) is not installed."""


_parser = None


def parser():
    global _parser
    if _parser is None:
        try:
            import tree_sitter
            import tree_sitter_bash
        except ImportError as error:
            raise MissingParser(str(error))
        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    return _parser


_SKIPPED = ("variable_assignment", "file_redirect", "heredoc_redirect", "herestring_redirect",
            "comment")
_SPREAD_VARS = ("@", "*")
_SETTINGS = ("DOCKERCRI_UNSUPPORTED",)
_DOCKER_VAR = re.compile(r"(?i)docker(_?(bin|binary|cmd|command|exe|exec|path|client|cli))?\Z")
_DOCKER_VALUE = re.compile(r"(?:^|[/\s(`:=-])docker[\s)`}\"']*\Z")


def calls(text, line_offset=0):
    """Every docker invocation in shell text, in the order they appear."""
    source = text.encode("utf-8", "replace")
    tree = parser().parse(source)
    return _Reader(source, line_offset).read(tree.root_node)


class _Reader:
    def __init__(self, source, line_offset):
        self.source = source
        self.line_offset = line_offset
        self.assigned = {}  # variable name -> [value node or None]

    def read(self, root):
        nodes = list(_walk(root))
        for node in nodes:
            if node.type == "variable_assignment":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.assigned.setdefault(self.text(name), []).append(
                        node.child_by_field_name("value"))
            elif node.type == "for_statement":
                variable = node.child_by_field_name("variable")
                if variable is not None:  # a loop variable takes many values
                    self.assigned.setdefault(self.text(variable), []).append(None)
        found = []
        for node in nodes:
            if node.type == "command":
                found.extend(self.command(node))
        return found

    def text(self, node):
        return self.source[node.start_byte:node.end_byte].decode("utf-8", "replace")

    # ------------------------------------------------------------ commands
    def command(self, node):
        env = []
        words = []
        for child in node.children:
            if child.type == "variable_assignment":
                name = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                env.append((self.text(name) if name is not None else "",
                            self.value(value) if value is not None else ""))
            elif child.type == "command_name":
                words.append(child.children[0] if child.children else child)
            elif child.type not in _SKIPPED and child.is_named:
                words.append(child)
        return self.peel(node, words, env)

    def peel(self, node, words, env):
        """Skip wrappers until the command they run; a Call when it is docker."""
        index, appended = 0, None
        while index < len(words):
            first = words[index]
            if self.is_docker(first):
                rest = [self.value(word) for word in words[index + 1:]]
                if appended is not None:
                    rest = appended(rest)
                return [Call(self.line(node), self.one_line(node), tuple(rest),
                             tuple(env) + self.exported(env))]
            name = self.value(first)
            if not isinstance(name, str):
                return []
            base = os.path.basename(name)
            if base in SHELLS:
                return self.shell_c(words[index + 1:])
            wrapper = WRAPPERS.get(base)
            if wrapper is None:
                return []
            values = [self.value(word) for word in words[index + 1:]]
            skipped = wrapper.skip(values, env)
            if skipped is None:
                return []
            if wrapper.appends:
                appended = wrapper.appender(values)
            index += 1 + skipped
        return []

    def exported(self, env):
        """Settings that change dockercri's answers, made once for the whole file
        (`export DOCKERCRI_UNSUPPORTED=warn`), unless the command sets them itself."""
        found = []
        for name in _SETTINGS:
            values = self.assigned.get(name)
            if values and name not in dict(env) and values[-1] is not None:
                value = self.value(values[-1])
                if isinstance(value, str):
                    found.append((name, value))
        return tuple(found)

    def shell_c(self, words):
        """`sh -c 'text'`: the text is shell again."""
        for position, word in enumerate(words[:-1]):
            value = self.value(word)
            if isinstance(value, str) and value.startswith("-") and "c" in value[1:] \
                    and not value.startswith("--"):
                script = words[position + 1]
                text = self.value(script)
                if isinstance(text, str):
                    return calls(text, self.line_offset + script.start_point[0])
                return []
        return []

    def line(self, node):
        return node.start_point[0] + 1 + self.line_offset

    def one_line(self, node):
        text = re.sub(r"\\\n\s*", " ", self.text(node))
        text = " ".join(text.split())
        return text if len(text) <= 200 else text[:197] + "..."

    # ------------------------------------------------------------ the binary
    def is_docker(self, node):
        value = self.value(node)
        if isinstance(value, str):
            return os.path.basename(value) == "docker"
        inner = _unquoted(node)
        if inner.type == "concatenation":
            last = self.value(inner.children[-1])
            return isinstance(last, str) and last.endswith("/docker")
        if inner.type in ("simple_expansion", "expansion"):
            name = _variable_name(inner, self)
            if name is None:
                return False
            if _DOCKER_VALUE.search(self.text(inner)):  # ${DOCKER:-docker}, ${D-/bin/docker}
                return True
            return self.holds_docker(name)
        return False

    def holds_docker(self, name):
        values = self.assigned.get(name)
        if not values:
            return bool(_DOCKER_VAR.match(name))
        for value in values:
            if value is None:
                continue
            text = self.value(value)
            if isinstance(text, str):
                if os.path.basename(text) == "docker":
                    return True
            elif _DOCKER_VALUE.search(self.text(value)):
                return True
        return False

    # ------------------------------------------------------------ words
    def value(self, node, seen=()):
        """A word's value: str when fixed, Dynamic otherwise."""
        kind = node.type
        if kind in ("word", "number"):
            return re.sub(r"\\(.)", r"\1", self.text(node))
        if kind == "raw_string":
            return self.text(node)[1:-1]
        if kind == "ansi_c_string":
            return _ansi_c(self.text(node)[2:-1])
        if kind in ("string", "concatenation"):
            parts, dynamic = [], None
            for child in node.children:
                if child.type == '"':
                    continue
                if child.type == "string_content":
                    parts.append(re.sub(r'\\([$`"\\\n])', r"\1", self.text(child)))
                    continue
                part = self.value(child, seen)
                if isinstance(part, Dynamic):
                    if dynamic is not None:  # two run-time parts: no fixed end to keep
                        return Dynamic(self.text(node), dynamic[0], dynamic[1].spread)
                    dynamic = ("".join(parts) + part.prefix, part)
                    parts = []
                    continue
                parts.append(part)
            if dynamic is not None:
                prefix, part = dynamic
                return Dynamic(self.text(node), prefix, part.spread, "".join(parts))
            return "".join(parts)
        if kind in ("simple_expansion", "expansion"):
            return self.expansion(node, seen)
        return Dynamic(self.text(node))

    def expansion(self, node, seen):
        text = self.text(node)
        name = _variable_name(node, self)
        spread = name in _SPREAD_VARS or "[@]" in text or "[*]" in text
        if name is None or spread or name in seen:
            return Dynamic(text, spread=spread)
        plain = text in ("$" + name, "${%s}" % name)
        values = self.assigned.get(name) or [None]
        fixed = {self.value(value, seen + (name,)) if value is not None else None
                 for value in values}
        if plain and len(fixed) == 1:
            (only,) = fixed
            if isinstance(only, str):
                return only
        return Dynamic(text)  # unquoted, it may split into several operands: still operands


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _unquoted(node):
    """"$DOCKER" → the expansion inside the quotes."""
    if node.type == "string":
        inner = [child for child in node.children if child.type != '"']
        if len(inner) == 1:
            return inner[0]
    return node


def _variable_name(node, reader):
    for child in node.children:
        if child.type in ("variable_name", "special_variable_name"):
            return reader.text(child)
        if child.type == "subscript":
            name = child.child_by_field_name("name")
            return reader.text(name) if name is not None else None
    return None


def _ansi_c(body):
    try:
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return body
