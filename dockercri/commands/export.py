"""export: refuse a terminal as docker does, then run the plan."""

from dockercri.errors import DockerCLIError


def run_export(intent, plan, session):
    if not intent.opt("output") and session.env.stdout_isatty():
        raise DockerCLIError("cowardly refusing to save to a terminal. Use the -o flag or "
                             "redirect", exit_code=1)
    session.executor.execute(plan, session)
    return 0
