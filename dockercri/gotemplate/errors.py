"""The one exception the template engine raises."""


class TemplateError(Exception):
    """A parse or execution error, worded as Go's text/template words it.

    ``partial`` holds the text an execution had produced before it failed
    (docker prints a table header even when executing it fails half way).
    """

    def __init__(self, message, partial=""):
        super().__init__(message)
        self.message = message
        self.partial = partial

    def __str__(self):
        return self.message


class FuncError(Exception):
    """Raised by a template function; becomes 'error calling NAME: ...'."""
