"""system prune: docker's warning, its "Deleted Containers/Images" sections and the total."""


def warning(intent):
    everything = intent.opt("all")
    lines = ["WARNING! This will remove:", "  - all stopped containers",
             "  - all networks not used by at least one container"]
    if intent.opt("volumes"):
        lines.append("  - all volumes not used by at least one container")
    lines += ["  - all images without at least one container associated to them" if everything
              else "  - all dangling images",
              "  - all build cache" if everything else "  - all dangling build cache", "",
              "Are you sure you want to continue?"]
    return "\n".join(lines)


def run_system_prune(intent, plan, session):
    from dockercri.commands.images import report_deleted_images
    from dockercri.commands.prompt import confirm

    if not intent.opt("force") and not confirm(session, warning(intent)):
        return 0
    results = session.executor.execute(plan, session)
    removed = [c.id for c, done in results.per_item("remove") if done is not None]
    if removed:
        session.out("Deleted Containers:\n" + "\n".join(removed) + "\n")
    report_deleted_images(session, results.per_item("rmi"))
    return 0
