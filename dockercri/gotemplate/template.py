"""Template: parse once, execute on data, as docker's --format does."""

from dockercri.gotemplate import executor, parser
from dockercri.gotemplate.errors import TemplateError
from dockercri.gotemplate.functions import GoFunc, function_table, wrap_callable

_MISSINGKEY = ("default", "invalid", "zero", "error")


class Template:
    """A parsed Go template (Go 1.13 text/template with docker's functions)."""

    def __init__(self, name, text, trees, funcs):
        self.name = name
        self.text = text
        self.trees = trees
        self.funcs = funcs

    @classmethod
    def parse(cls, text, name="", funcs=None):
        """Parse text; funcs maps extra function names to Python callables.

        Raises TemplateError with Go's message, e.g.
        'template: :1: unexpected "}" in operand'.
        """
        if not isinstance(text, str):
            raise TypeError("template text must be str, not %s" % type(text).__name__)
        table = function_table(funcs)
        try:
            trees = parser.parse(text, name, table)
        except RecursionError:
            raise TemplateError("template: %s:1: expression nested too deeply" % name)
        return cls(name, text, trees, table)

    def execute(self, data, strict_fields=False, type_name=None, missingkey="default", funcs=None):
        """Render the template with data as dot; returns the text.

        strict_fields: a missing dict key is an error ("can't evaluate field
        X in type T", as for docker's struct contexts) instead of
        "<no value>"; dict values that are functions are called like methods.
        type_name: the Go type named in errors about data itself, such as
        "*formatter.containerContext" (else a class's __go_type__ or name).
        missingkey: Go's option; "error" fails on a missing map key.
        funcs: functions replacing those known at parse time.
        """
        if missingkey not in _MISSINGKEY:
            raise ValueError("missingkey must be one of %s" % ", ".join(_MISSINGKEY))
        table = self.funcs
        if funcs:
            table = dict(table)
            for fname, fn in funcs.items():
                table[fname] = fn if isinstance(fn, GoFunc) else wrap_callable(fname, fn)
        options = executor.Options(table, strict_fields, type_name, missingkey, data)
        return executor.execute(self.text, self.name, self.trees, self.name, data, options)

