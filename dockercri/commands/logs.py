"""logs: find the container's log file through ContainerStatus, then read it locally."""

import threading

from dockercri.errors import DockerCLIError
from dockercri.plan.common import refuse_if_needed

CONTAINER_CREATED, CONTAINER_RUNNING = 0, 1


def _log_options(request, now):
    from dockercri.logs import LogOptions
    from dockercri.mapping import transforms

    tail = request["tail"]
    if tail in (None, "", "all"):
        tail_n = None
    else:
        try:
            tail_n = int(tail)
        except ValueError:
            tail_n = None  # docker treats an unparsable --tail as "all"
        if tail_n is not None and tail_n < 0:
            tail_n = None
    since = _point(transforms, request["since"], now, "since")
    until = _point(transforms, request["until"], now, "until")
    return LogOptions(tail=tail_n, since_ns=since, until_ns=until,
                      timestamps=request["timestamps"], follow=request["follow"],
                      details=bool(request.get("details")))


def _point(transforms, text, now, which):
    if not text:
        return None
    try:
        import datetime
        moment = datetime.datetime.fromtimestamp(now).astimezone()
        return transforms.log_time(text, now=moment)
    except ValueError as error:
        raise DockerCLIError("invalid value for \"%s\": %s" % (which, error), exit_code=1)


class _Follower:
    """A log being followed in a thread while the plan's wait step polls the runtime."""

    def __init__(self, path, options, env):
        self.exited = threading.Event()    # set by the plan once the container stopped
        self.stop = threading.Event()      # set to end following at once (Ctrl-C)
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(path, options, env), daemon=True)

    def _run(self, path, options, env):
        from dockercri.logs import write_logs
        try:
            write_logs(path, options, env.stdout_bytes, env.stderr_bytes,
                       is_running=lambda: not self.exited.is_set(), stop=self.stop)
        except Exception as error:  # noqa: BLE001 - handed back to the main thread
            self.error = error

    def finished(self):
        return not self.thread.is_alive()


def read_log(context, request):
    """Node step: write the log file as docker shows it; with -f, start following it
    (the plan's next step waits for the container to stop)."""
    from dockercri.logs import write_logs

    env = context.session.env
    options = _log_options(request, env.clock())
    env.stdout.flush()
    path = request["path"]
    try:
        if not request["follow"]:
            write_logs(path, options, env.stdout_bytes, env.stderr_bytes)
            return None
        open(path, "rb").close()
    except FileNotFoundError:
        if request["state"] == CONTAINER_CREATED:
            return None  # created, never started: docker prints nothing
        raise DockerCLIError("Error response from daemon: the log file %s of container %s "
                             "does not exist (the runtime may have removed it)"
                             % (path, request["container_id"][:12]), exit_code=1)
    follower = _Follower(path, options, env)
    follower.thread.start()
    return follower


def follow_ends(context):
    follower = context["read"]
    if follower is None or follower.finished():
        return True
    return context["wait"].status.state != CONTAINER_RUNNING


def finish_follow(context, request):
    """Node step: the container stopped: read what is left, then end."""
    follower = context["read"]
    if follower is None:
        return None
    follower.exited.set()
    follower.thread.join()
    if follower.error is not None:
        raise follower.error
    return None


def run_logs(intent, plan, session):
    refuse_if_needed(plan, session)
    _log_options({"tail": intent.opt("tail"), "since": intent.opt("since"),
                  "until": intent.opt("until"), "timestamps": False, "follow": False},
                 session.env.clock())  # a bad --since or --until fails before any call
    from dockercri.runtime.executor import Results
    results = Results()
    try:
        session.executor.execute(plan, session, results=results)
    except KeyboardInterrupt:
        return 0
    finally:
        follower = results.get("read")
        if follower is not None and not follower.finished():
            follower.stop.set()  # interrupted, or the runtime failed: stop following
            follower.thread.join()
    return 0
