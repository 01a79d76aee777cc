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
    from dockercri.commands.prompt import confirm
    from dockercri.plan.images import familiar
    from dockercri.render.humanize import human_size

    if not intent.opt("force") and not confirm(session, warning(intent)):
        return 0
    remember(session, intent)
    results = session.executor.execute(plan, session)
    # the items each fanned-out step acted on: its test again over the same lists
    stopped = [c for c in results["own"].containers if container_to_remove(c, intent)]
    removed = [c.id for c, done in zip(stopped, results["remove"] or []) if done is not None]
    if removed:
        session.out("Deleted Containers:\n" + "\n".join(removed) + "\n")
    lines, reclaimed = [], 0
    unused = [i for i in results["images"].images if removable_image(results, i, intent)]
    for image, done in zip(unused, results["rmi"] or []):
        if done is None:
            continue  # docker's prune skips what it cannot delete
        lines += ["untagged: %s" % familiar(ref)
                  for ref in list(image.repo_tags) + list(image.repo_digests)]
        lines.append("deleted: %s" % image.id)
        reclaimed += image.size
    if lines:
        session.out("Deleted Images:\n" + "\n".join(lines) + "\n")
    session.out("Total reclaimed space: %s" % human_size(reclaimed, 4))
    return 0
