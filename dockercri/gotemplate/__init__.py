"""Go's text/template as docker's --format and inspect -f use it.

    from dockercri.gotemplate import Template, TemplateError, render_table
    Template.parse('{{.State.Pid}}').execute(container)   # -> "4242"
    render_table('table {{.ID}}\\t{{.Names}}', contexts, {"ID": "CONTAINER ID", ...})

Semantics follow Go 1.13 (docker 19.03) plus docker's template functions
(json, join, split, lower, upper, title, pad, truncate). Pure: no I/O.
"""

from dockercri.gotemplate.errors import TemplateError
from dockercri.gotemplate.gojson import marshal as go_json
from dockercri.gotemplate.table import prepare_format, render_table
from dockercri.gotemplate.tabwriter import tabwrite
from dockercri.gotemplate.template import Template

__all__ = ["Template", "TemplateError", "render_table", "prepare_format", "tabwrite", "go_json"]
