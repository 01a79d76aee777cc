"""tag, load, save through the node's ctr: docker's output around what ctr did."""

from dockercri.errors import DockerCLIError


def run_tag(intent, plan, session):
    session.executor.execute(plan, session)
    return 0


def run_load(intent, plan, session):
    from dockercri.node.ctr import loaded_names
    from dockercri.plan.images import familiar

    results = session.executor.execute(plan, session)
    for name in loaded_names(results["load"]):
        if name.startswith("sha256:"):
            session.out("Loaded image ID: %s" % name)
        else:
            session.out("Loaded image: %s" % familiar(name))
    return 0


def run_save(intent, plan, session):
    if not intent.opt("output") and session.env.stdout_isatty():
        raise DockerCLIError("Cowardly refusing to save to a terminal. Use the -o flag or "
                             "redirect.", exit_code=1)
    session.executor.execute(plan, session)
    return 0


def run_import(intent, plan, session):
    results = session.executor.execute(plan, session)
    session.out(results["import"])
    return 0
