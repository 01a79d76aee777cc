"""docker's --format handling for lists (docker/cli formatter.Context, 19.03).

"table ..." formats get a header row, rendered from the same template on a
map of field name -> column title, and everything goes through Go's
tabwriter (minwidth 20, tabwidth 1, padding 3, ' '). Other formats print
each row followed by a newline.
"""

from dockercri.gotemplate.errors import TemplateError
from dockercri.gotemplate.functions import HEADER_FUNCTIONS
from dockercri.gotemplate.tabwriter import tabwrite
from dockercri.gotemplate.template import Template

TABLE_KEY = "table"


def is_table(text):
    return text.startswith(TABLE_KEY)


def prepare_format(text):
    """docker's preFormat: drop "table", trim spaces, turn \\t and \\n into tab and newline."""
    if is_table(text):
        text = text[len(TABLE_KEY):]
    text = text.strip(" ")
    return text.replace("\\t", "\t").replace("\\n", "\n")


def render_table(text, rows, header_names=None, strict_fields=False, type_name=None,
                 missingkey="default", funcs=None):
    """Render rows with a docker list format; returns the whole output.

    rows: dicts or context objects, one per line. header_names maps a field
    name to its column title ("ID" -> "CONTAINER ID"). Raises TemplateError
    when the template does not parse or a row fails; a header that fails
    half way is printed as far as it got, as docker does.
    """
    template = Template.parse(prepare_format(text), funcs=funcs)
    body = []
    for row in rows:
        body.append(template.execute(row, strict_fields=strict_fields, type_name=type_name,
                                     missingkey=missingkey))
        body.append("\n")
    if not is_table(text):
        return "".join(body)
    try:
        header = template.execute(dict(header_names or {}), funcs=HEADER_FUNCTIONS)
    except TemplateError as error:
        header = error.partial
    return tabwrite(header + "\n" + "".join(body))
