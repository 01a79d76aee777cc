"""runp, stopp, rmp (crictl's output), and update (docker's)."""

from dockercri.errors import DockerCLIError
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.model import Pick


def run_runp(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.plan.pods import read_pod_config
    try:
        read_pod_config(intent.args[0])
    except (OSError, ValueError) as error:
        raise DockerCLIError("load podSandboxConfig: %s" % error, exit_code=1)
    results = session.executor.run(plan)
    session.out(results["pod"].pod_sandbox_id)
    return 0


def _each_pod(pods, session, action):
    """Act on each pod (given as callables that find it), report every failure, exit 1 if any."""
    failed = False
    for find in pods:
        try:
            action(find())
        except DockerCLIError as error:
            session.err("Error: %s" % error.message)
            failed = True
    if failed:
        raise DockerCLIError("", exit_code=1)
    return 0


def _named(intent, session):
    return [lambda name=name: session.executor.pick_direct(Pick("pod", name)) for name in intent.args]


def run_stopp(intent, plan, session):
    refuse_if_needed(plan, session)

    def stop(pod):
        session.executor.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod.id})
        session.out("Stopped sandbox %s" % pod.id)
    return _each_pod(_named(intent, session), session, stop)


def run_rmp(intent, plan, session):
    refuse_if_needed(plan, session)
    force = bool(intent.opt("force"))

    def remove(pod):
        if pod.state == 0 and not force:
            raise DockerCLIError("pod sandbox %s is running, please stop it first or use -f"
                                 % pod.id, exit_code=1)
        if force:
            session.executor.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod.id})
        session.executor.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod.id})
        session.out("Removed sandbox %s" % pod.id)

    if intent.opt("all"):
        if intent.args:
            raise DockerCLIError("pod ids and --all cannot be given together", exit_code=1)
        return _each_pod([lambda pod=pod: pod for pod in session.executor.pods()], session,
                         remove)
    if not intent.args:
        raise DockerCLIError("No pod sandbox ID specified", exit_code=1)
    return _each_pod(_named(intent, session), session, remove)


def run_update(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.commands.lifecycle import _find, for_each
    from dockercri.plan.pods import update_resources

    resources = update_resources(intent)
    if not resources:
        raise DockerCLIError("You must provide one or more flags when using this command.",
                             exit_code=1)

    def update(name):
        container = _find(session, name)
        session.executor.call("RuntimeService.UpdateContainerResources",
                              {"container_id": container.id, "linux": resources})
    return for_each(intent, session, update)
