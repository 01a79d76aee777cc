"""system prune: docker's warning, its "Deleted Containers/Images" sections and the total."""

from dockercri.plan.prune import container_to_remove, remember, removable_image


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
    remember(session, intent)
    results = session.executor.execute(plan, session)
    # the items each fanned-out step acted on: its test again over the same lists
    stopped = [c for c in results["own"].containers if container_to_remove(c, intent)]
    removed = [c.id for c, done in zip(stopped, results["remove"] or []) if done is not None]
    if removed:
        session.out("Deleted Containers:\n" + "\n".join(removed) + "\n")
    unused = [i for i in results["images"].images if removable_image(results, i, intent)]
    report_deleted_images(session, unused, results["rmi"])
    return 0
