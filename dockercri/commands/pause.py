"""pause, unpause: each name as docker prints it, or its error; exit 1 if any failed."""

from dockercri.errors import DockerCLIError


def run_pause(intent, plan, session):
    failed = []

    def done(name, error):
        if error is None:
            session.out(name)
        else:
            session.err(error.message)
            failed.append(name)
    session.executor.execute(plan, session, on_group=done)
    if failed:
        raise DockerCLIError("", exit_code=1)
    return 0


run_unpause = run_pause
