"""Running a command the table refuses: docker's daemon-refusal shape, exit 1, nothing touched."""

from dockercri.errors import daemon_error


def run_refused(intent, plan, session):
    from dockercri import mapping

    command = mapping.command(plan.command)
    # The plan has no runtime step: the refusal needs no runtime, and nothing is touched.
    raise daemon_error('"%s %s" is not possible over CRI: %s.\nInstead: %s.' % (
        session.env.prog, intent.command, command.reason.rstrip("."),
        command.workaround.rstrip(".")), exit_code=1)
