"""Rows out: docker's default table, `--format table ...`, or a Go template per row."""

from dockercri.errors import PlainError
from dockercri.render.table import format_table


def write(session, fmt, contexts, default_columns, headers, type_name="formatter.Context"):
    out = session.env.stdout
    if not fmt or fmt.strip() == "table":
        rows = [[getattr(ctx, col)() for col in default_columns] for ctx in contexts]
        out.write(format_table([headers[col] for col in default_columns], rows))
        return
    if fmt.strip() == "{{json .}}":
        from dockercri.render.contexts import json_line
        for ctx in contexts:
            out.write(json_line(ctx) + "\n")
        return
    from dockercri.gotemplate import TemplateError, render_table
    try:
        out.write(render_table(fmt, contexts, headers))
    except TemplateError as error:
        raise PlainError("Template parsing error: %s" % error, exit_code=1)
