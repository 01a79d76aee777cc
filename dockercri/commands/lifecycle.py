"""Runners for stop, kill, rm, start, restart, wait and container prune.

Commands that take several containers act on each, print each success (the
name as the user gave it), report every failure, and exit 1 if any failed.
"""

import os
import signal as signals
import time

from dockercri import filters, names
from dockercri.errors import daemon_error, AmbiguousName, DockerCLIError, NoSuchObject
from dockercri.interrupts import Interrupts
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.lifecycle import signal_name, stop_timeout
from dockercri.plan.model import Pick
from dockercri.render import views

STOP_TIMEOUT_LABEL = "io.dockercri.stop-timeout"



def _find(session, name):
    try:
        return session.executor.pick(Pick("container", name))
    except AmbiguousName:
        raise daemon_error("Multiple IDs found with provided prefix: %s" % name)
    except NoSuchObject:
        raise daemon_error("No such container: %s" % name)


def for_each(intent, session, action, summary=None):
    failed = []
    for name in intent.args:
        try:
            printed = action(name)
        except DockerCLIError as error:
            session.err(error.message)
            failed.append(name)
            continue
        session.out(name if printed is None else printed)
        session.executor.invalidate()
    if failed:
        raise DockerCLIError(summary % ", ".join(failed) if summary else "", exit_code=1)
    return 0


def _state(session, container_id):
    return session.executor.call("RuntimeService.ContainerStatus",
                                 {"container_id": container_id}).status.state


def run_stop(intent, plan, session):
    refuse_if_needed(plan, session)

    def stop(name):
        container = _find(session, name)
        timeout = stop_timeout(intent) if intent.has("time") else int(
            container.labels.get(STOP_TIMEOUT_LABEL, 10))
        session.executor.call("RuntimeService.StopContainer",
                              {"container_id": container.id, "timeout": timeout})
    return for_each(intent, session, stop)


def run_kill(intent, plan, session):
    refuse_if_needed(plan, session)
    wanted = signal_name(intent.opt("signal") or "KILL")
    number = _signal_number(wanted)

    def kill(name):
        try:
            container = _find(session, name)
        except DockerCLIError as error:
            if not error.message.startswith("Error response from daemon: "):
                raise  # the runtime itself failed (unreachable): its own message
            raise daemon_error("Cannot kill container: %s: %s" % (
                name, error.message.split(": ", 1)[1]))
        status = session.executor.call("RuntimeService.ContainerStatus",
                                       {"container_id": container.id, "verbose": True})
        if status.status.state != 1:
            raise daemon_error("Cannot kill container: %s: Container %s is not running"
                               % (name, container.id))
        if number == signals.SIGKILL:
            session.executor.call("RuntimeService.StopContainer",
                                  {"container_id": container.id, "timeout": 0})
            return None
        pid = int((views.verbose_info(status) or {}).get("pid") or 0)
        if pid <= 0:
            raise daemon_error("Cannot kill container: %s: the runtime does not report the "
                               "container's pid, so SIG%s cannot be delivered" % (name, wanted))
        os.kill(pid, number)
        return None
    return for_each(intent, session, kill)


def _signal_number(name):
    if name.isdigit():
        return int(name)
    number = getattr(signals, "SIG" + name, None)
    if number is None:
        raise DockerCLIError("Invalid signal: %s" % name, exit_code=1)
    return int(number)


def remove_container(session, container, force):
    """A container in a pod of its own (dockercri's): stop and remove that pod.
    Any other (the kubelet's, or one that joined another's pod): the container only."""
    running = _state(session, container.id) == 1
    if running and not force:
        raise daemon_error(
            "You cannot remove a running container %s. Stop the container before attempting "
            "removal or force remove" % container.id)
    if names.owns_pod(container):
        session.executor.call("RuntimeService.StopPodSandbox",
                              {"pod_sandbox_id": container.pod_sandbox_id})
        session.executor.call("RuntimeService.RemovePodSandbox",
                              {"pod_sandbox_id": container.pod_sandbox_id})
        forget_files(names.container_name(container))
        return
    if running:
        session.executor.call("RuntimeService.StopContainer",
                              {"container_id": container.id, "timeout": 0})
    session.executor.call("RuntimeService.RemoveContainer", {"container_id": container.id})


def _find_for_rm(session, name):
    """rm says "Error: No such container" where the other verbs say "Error response from daemon"."""
    try:
        return session.executor.pick(Pick("container", name)), None
    except AmbiguousName:
        return None, daemon_error("Multiple IDs found with provided prefix: %s" % name)
    except NoSuchObject:
        orphan = _orphan_pod(session, name)
        if orphan is not None:
            return orphan, None
        return None, DockerCLIError("Error: No such container: %s" % name, exit_code=1)


class _OrphanPod:
    def __init__(self, pod):
        self.pod = pod


def _orphan_pod(session, name):
    """A pod of dockercri's that holds a docker name but has no container: what a run cut
    short by a runtime crash leaves. run's conflict message names it; rm removes it."""
    pods = [pod for pod in session.executor.pods() if names.is_managed(pod)]
    try:
        pod = names.pick_pod(name, pods)
    except DockerCLIError:
        return None
    if any(c.pod_sandbox_id == pod.id for c in session.executor.containers()):
        return None
    return _OrphanPod(pod)


def forget_files(name):
    """Files dockercri made for the container (the --add-host hosts file), and its log
    folder, which docker's rm removes too."""
    import shutil
    from dockercri.plan.run_config import LOG_ROOT, STATE_ROOT, pod_uid
    if name and "/" not in name:
        shutil.rmtree(os.path.join(STATE_ROOT, name), ignore_errors=True)
        shutil.rmtree("%s/%s_%s_%s" % (LOG_ROOT, names.DOCKERCRI_NAMESPACE, name, pod_uid(name)),
                      ignore_errors=True)


def run_rm(intent, plan, session):
    """docker rm: each name removed concurrently (bounded), successes printed in order;
    with -f a missing container is reported but does not fail the command."""
    refuse_if_needed(plan, session)
    from concurrent.futures import ThreadPoolExecutor

    force = bool(intent.opt("force"))
    resolved = [(name,) + _find_for_rm(session, name) for name in intent.args]

    interrupts = Interrupts()

    def work(item):
        name, container, error = item
        if error is not None:
            return name, error
        if interrupts.pending is not None:
            return name, False  # interrupted: removals not begun are not begun
        try:
            if isinstance(container, _OrphanPod):
                session.executor.call("RuntimeService.StopPodSandbox",
                                      {"pod_sandbox_id": container.pod.id})
                session.executor.call("RuntimeService.RemovePodSandbox",
                                      {"pod_sandbox_id": container.pod.id})
                forget_files(container.pod.metadata.name)
            else:
                remove_container(session, container, force)
        except DockerCLIError as failure:
            if getattr(failure, "code", None) == "NOT_FOUND":
                # Removed meanwhile by someone else: docker's words for a missing container.
                return name, DockerCLIError("Error: No such container: %s" % name)
            return name, failure
        return name, None

    failed = False
    # Ctrl-C or SIGTERM lets the removals under way finish (the runtime would otherwise
    # abandon a pod halfway, its container removed and the pod not), then exits 130.
    interrupts.install()
    try:
        with interrupts.critical(), ThreadPoolExecutor(
                max_workers=max(1, min(8, len(resolved)))) as pool:
            for name, error in pool.map(work, resolved):
                if error is None:
                    session.out(name)
                    continue
                if error is False:
                    continue
                session.err(error.message)
                if not (force and error.message.startswith("Error: No such container")):
                    failed = True
    finally:
        interrupts.restore()
    if failed:
        raise DockerCLIError("", exit_code=1)
    return 0


def run_start(intent, plan, session):
    refuse_if_needed(plan, session)
    if intent.opt("attach") or intent.opt("interactive"):
        from dockercri.commands.streams import run_start_attached
        return run_start_attached(intent, plan, session)
    from dockercri.commands.recreate import start_container

    def start_one(name):
        start_container(session, _find(session, name))
    return for_each(intent, session, start_one, "Error: failed to start containers: %s")


def run_restart(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.commands.recreate import start_container

    def restart(name):
        container = _find(session, name)
        if _state(session, container.id) == 1:
            session.executor.call("RuntimeService.StopContainer",
                                  {"container_id": container.id, "timeout": stop_timeout(intent)})
        start_container(session, container)
    return for_each(intent, session, restart)


def wait_exit(session, container_id, interval=0.1):
    while True:
        status = session.executor.call("RuntimeService.ContainerStatus",
                                       {"container_id": container_id}).status
        if status.state == 2:
            return status.exit_code
        time.sleep(interval)


def run_wait(intent, plan, session):
    refuse_if_needed(plan, session)

    def wait(name):
        return str(wait_exit(session, _find(session, name).id))
    return for_each(intent, session, wait)


def run_container_prune(intent, plan, session):
    refuse_if_needed(plan, session)
    if not intent.opt("force") and not _confirm(session, "WARNING! This will remove all stopped "
                                                "containers.\nAre you sure you want to continue?"):
        return 0
    chosen, until_ns = _prune_filters(intent, session)
    results = session.executor.run(plan, only={"pods", "containers"})
    removed = []
    interrupts = Interrupts().install()
    try:
        for container in results["containers"].containers:
            if container.state == 1 or not names.owns_pod(container):
                continue
            if not filters.prune_selects(dict(container.labels), container.created_at, chosen,
                                         until_ns):
                continue
            with interrupts.critical():  # a pod is removed whole or not at all
                try:
                    session.executor.call("RuntimeService.StopPodSandbox",
                                          {"pod_sandbox_id": container.pod_sandbox_id})
                    session.executor.call("RuntimeService.RemovePodSandbox",
                                          {"pod_sandbox_id": container.pod_sandbox_id})
                except DockerCLIError as error:
                    if getattr(error, "code", None) != "NOT_FOUND":
                        raise
                    continue  # removed meanwhile by someone else
            forget_files(names.container_name(container))
            removed.append(container.id)
    finally:
        interrupts.restore()
    if removed:
        session.out("Deleted Containers:")
        for ident in removed:
            session.out(ident)
        session.out("")
    session.out("Total reclaimed space: 0B")
    return 0


def _prune_filters(intent, session):
    """--filter of container prune: label=, label!= and until= (docker's Go duration or
    timestamp), checked before anything is removed."""
    import datetime

    from dockercri.mapping import transforms

    pairs = [transforms.filter_pair(raw) for raw in intent.opt("filter") or ()]
    chosen = filters.parse(pairs, filters.PRUNE_KEYS)
    untils = chosen.pop("until", [])
    if len(untils) > 1:
        raise DockerCLIError("Error response from daemon: more than one until filter "
                             "specified", exit_code=1)
    if not untils:
        return chosen, None
    now = datetime.datetime.fromtimestamp(session.env.clock()).astimezone()
    try:
        return chosen, transforms.log_time(untils[0], now=now)
    except ValueError as error:  # the daemon checks it in docker
        raise daemon_error(str(error))


def _confirm(session, question):
    session.env.stdout.write(question + " [y/N] ")
    session.env.stdout.flush()
    answer = session.env.stdin.readline() if session.env.stdin else ""
    return answer.strip().lower() in ("y", "yes")
