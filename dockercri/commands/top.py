"""top: docker's ps table for the container's processes."""

from dockercri.render.table import format_table


def run_top(intent, plan, session):
    results = session.executor.execute(plan, session)
    header, rows = results["processes"]
    session.env.stdout.write(format_table(header, rows))
    return 0
