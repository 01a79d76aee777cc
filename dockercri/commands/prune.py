"""system prune: docker's warning, its "Deleted Containers/Images" sections and the total."""

from dockercri import filters, names
from dockercri.mapping import transforms
from dockercri.render import views

RUNNING = 1
PRUNE_FILTERS = ("until", "label", "label!")


def prune_filters(intent):
    return filters.parse([transforms.filter_pair(raw) for raw in intent.opt("filter") or ()],
                         PRUNE_FILTERS)


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


def _intent(context):
    return context.session.__dict__["_prune_intent"]


def _until_ns(wanted):
    values = wanted.get("until")
    return min(transforms.log_time(value) for value in values) if values else None


def _labels_match(labels, wanted):
    for value in wanted.get("label", ()):
        key, eq, want = value.partition("=")
        if key not in labels or (eq and labels[key] != want):
            return False
    for value in wanted.get("label!", ()):
        key, eq, want = value.partition("=")
        if key in labels and (not eq or labels[key] == want):
            return False
    return True


def stopped_and_wanted(context):
    container = context.item
    if container.state == RUNNING or not names.owns_pod(container):
        return False
    wanted = prune_filters(_intent(context))
    until = _until_ns(wanted)
    if until is not None and container.created_at >= until:
        return False
    return _labels_match(dict(container.labels), wanted)


def _sandbox_images(context):
    info = views.verbose_info(context["status"]) or {}
    image = (info.get("config") or {}).get("sandboxImage")
    return {image} if image else set()


def _in_use(context):
    used = set()
    for container in context["containers"].containers:
        used.add(container.image_ref)
        used.add(container.image.image)
    return used


def unused_image(context):
    image = context.item
    if getattr(image, "pinned", False) or image.id in _in_use(context):
        return False
    keep = _sandbox_images(context)
    return not (keep & set(image.repo_tags) or image.id in keep)


def filters_need_image_config(context):
    wanted = prune_filters(_intent(context))
    return bool(wanted.get("until") or wanted.get("label") or wanted.get("label!"))


def image_to_remove(context):
    image = context.item
    if not unused_image(context):
        return False
    if not _intent(context).opt("all") and image.repo_tags:
        return False
    if not filters_need_image_config(context):
        return True
    wanted = prune_filters(_intent(context))
    statuses = context["image_status"] or []
    candidates = [i for i in context["images"].images if unused_image(_item(context, i))]
    status = dict(zip([i.id for i in candidates], statuses)).get(image.id)
    spec = ((views.verbose_info(status) or {}).get("imageSpec") or {}) if status else {}
    until = _until_ns(wanted)
    if until is not None:
        from dockercri.render import timefmt
        created = timefmt.parse_rfc3339_ns(spec.get("created") or "") or 0
        if created >= until:
            return False
    return _labels_match((spec.get("config") or {}).get("Labels") or {}, wanted)


def _item(context, item):
    from dockercri.runtime.executor import Context
    return Context(context.executor, context.session, context.results, item, context.step)


def run_system_prune(intent, plan, session):
    from dockercri.commands.prompt import confirm
    from dockercri.plan.images import familiar
    from dockercri.render.humanize import human_size

    if not intent.opt("force") and not confirm(session, warning(intent)):
        return 0
    session.__dict__["_prune_intent"] = intent
    results = session.executor.execute(plan, session)
    removed = [c.id for c, done in zip(_kept(plan, results, "remove", session), results["remove"] or [])
               if done is not None]
    if removed:
        session.out("Deleted Containers:\n" + "\n".join(removed) + "\n")
    lines, reclaimed = [], 0
    for image, done in zip(_kept(plan, results, "rmi", session), results["rmi"] or []):
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


def _kept(plan, results, key, session):
    """The items a fanned-out step acted on, in order: its `where` test run again over the
    same lists (the results are what the runtime said then, so the choice is the same)."""
    from dockercri.runtime.executor import Context, fill, load
    step = next(s for s in plan.steps if s.key == key)
    test = load(step.where.test)
    return [item for item in fill(step.each, results) or ()
            if test(Context(session.executor, session, results, item, step))]
