"""logs: find the container's log file through ContainerStatus, then read it locally."""

from dockercri.errors import DockerCLIError, RuntimeError_
from dockercri.plan.common import refuse_if_needed


def _log_options(intent, now):
    from dockercri.logs import LogOptions
    from dockercri.mapping import transforms

    tail = intent.opt("tail")
    if tail in (None, "", "all"):
        tail_n = None
    else:
        try:
            tail_n = int(tail)
        except ValueError:
            tail_n = None  # docker treats an unparsable --tail as "all"
        if tail_n is not None and tail_n < 0:
            tail_n = None
    since = _point(transforms, intent.opt("since"), now, "since")
    until = _point(transforms, intent.opt("until"), now, "until")
    return LogOptions(tail=tail_n, since_ns=since, until_ns=until,
                      timestamps=bool(intent.opt("timestamps")), follow=bool(intent.opt("follow")))


def _point(transforms, text, now, which):
    if not text:
        return None
    try:
        import datetime
        moment = datetime.datetime.fromtimestamp(now).astimezone()
        return transforms.log_time(text, now=moment)
    except ValueError as error:
        raise DockerCLIError("invalid value for \"%s\": %s" % (which, error), exit_code=1)


def run_logs(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.logs import write_logs

    results = session.executor.run(plan)
    status = results["status"].status
    container_id = results["find"].id
    options = _log_options(intent, session.env.clock())

    def is_running():
        try:
            response = session.executor.call("RuntimeService.ContainerStatus",
                                              {"container_id": container_id})
        except RuntimeError_ as error:
            if error.code == "NOT_FOUND":
                return False  # removed while followed: its log ends, as docker's does
            raise
        return response.status.state == 1

    session.env.stdout.flush()
    try:
        write_logs(status.log_path, options, session.env.stdout_bytes, session.env.stderr_bytes,
                   is_running=is_running)
    except FileNotFoundError:
        if status.state == 0:
            return 0  # created, never started: docker prints nothing
        raise DockerCLIError("Error response from daemon: the log file %s of container %s "
                             "does not exist (the runtime may have removed it)"
                             % (status.log_path, container_id[:12]), exit_code=1)
    except KeyboardInterrupt:
        return 0
    return 0
