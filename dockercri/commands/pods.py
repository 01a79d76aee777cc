"""runp, stopp, rmp (crictl's output), and update (docker's)."""

from dockercri.errors import DockerCLIError
from dockercri.plan.common import refuse_if_needed
from dockercri.runtime.executor import Results

POD_READY = 0


def run_runp(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.plan.pods import read_pod_config
    try:
        read_pod_config(intent.args[0])
    except (OSError, ValueError) as error:
        raise DockerCLIError("load podSandboxConfig: %s" % error, exit_code=1)
    results = session.executor.execute(plan, session)
    session.out(results["pod"].pod_sandbox_id)
    return 0


def _error_text(error):
    return error.message if error.message.startswith("Error") else "Error: " + error.message


def not_ready(context):
    return context.item.state != POD_READY


def refuse_ready(context, request):
    """Node step: crictl removes a ready pod only with -f."""
    ready = [pod for pod in request["pods"] if pod.state == POD_READY]
    if ready:
        raise DockerCLIError("\n".join(
            "Error: pod sandbox %s is running, please stop it first or use -f" % pod.id
            for pod in ready), exit_code=1)
    return None


def _each_named(plan, session, done):
    """Run a plan of one group per named pod; print `done` of each pod acted on and
    every failure; exit 1 if any failed."""
    results, failed = Results(), []

    def report(group, error):
        if error is not None:
            session.err(_error_text(error))
            failed.append(group)
            return
        session.out(done % results["find%d" % group].id)
    session.executor.execute(plan, session, results=results, on_group=report)
    if failed:
        raise DockerCLIError("", exit_code=1)
    return 0


def run_stopp(intent, plan, session):
    refuse_if_needed(plan, session)
    return _each_named(plan, session, "Stopped sandbox %s")


def run_rmp(intent, plan, session):
    refuse_if_needed(plan, session)
    if not intent.opt("all"):
        if not intent.args:
            raise DockerCLIError("No pod sandbox ID specified", exit_code=1)
        return _each_named(plan, session, "Removed sandbox %s")
    if intent.args:
        raise DockerCLIError("pod ids and --all cannot be given together", exit_code=1)
    results = Results()
    try:
        session.executor.execute(plan, session, results=results)
    finally:
        if "pods" in results:
            removed = [pod for pod in results["pods"].items
                       if intent.opt("force") or pod.state != POD_READY]
            for pod, outcome in zip(removed, results.get("RemovePodSandbox") or ()):
                session.out("Removed sandbox %s" % pod.id)
    return 0


def run_update(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.plan.pods import update_resources

    if not update_resources(intent):
        raise DockerCLIError("You must provide one or more flags when using this command.",
                             exit_code=1)
    from dockercri.commands.lifecycle import each_name
    return each_name(intent, plan, session)
