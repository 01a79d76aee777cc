"""ps, images, pods: run the listing plans and print docker's tables."""

from dockercri import names
from dockercri.plan.common import refuse_if_needed
from dockercri.render import humanize, views
from dockercri.render.table import format_table

PS_HEADER = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]


def _step(plan, key):
    return next(step for step in plan.steps if step.key == key)


def select_last(items, intent):
    last = intent.opt("last")
    if intent.opt("latest"):
        last = 1
    if last is not None and last > 0:  # docker and crictl: 0 or less means no limit
        return items[:last]
    return items


def run_ps(intent, plan, session):
    refuse_if_needed(plan, session.env.prog)
    results = session.executor.run(plan)
    pods_by_id = {pod.id: pod for pod in results["pods"].items}
    containers = sorted(results["containers"].containers, key=lambda c: c.created_at, reverse=True)
    containers = select_last(containers, intent)
    no_trunc = bool(intent.opt("no_trunc"))
    if intent.opt("quiet"):
        for container in containers:
            session.out(views.short_id(container.id, no_trunc))
        return 0
    statuses = session.executor.run_each(_step(plan, "status"), containers)
    now = session.env.clock()
    header = list(PS_HEADER)
    sizes = _sizes(results) if intent.opt("size") else None
    if sizes is not None:
        header.append("SIZE")
    rows = []
    for container, status in zip(containers, statuses):
        if status is None:
            continue  # removed while we listed
        view = views.container_view(container, status, pods_by_id)
        row = [views.short_id(view.id, no_trunc), view.image,
               views.quoted_command(view.command, not no_trunc),
               humanize.ago(now, view.created_ns), views.status_text(view, now), view.ports,
               view.name]
        if sizes is not None:
            row.append(sizes(container))
        rows.append(row)
    session.env.stdout.write(format_table(header, rows))
    return 0


def _sizes(results):
    used = {stat.attributes.id: stat.writable_layer.used_bytes.value
            for stat in results["stats"].stats}
    image_size = {image.id: image.size for image in results["images"].images}

    def size_of(container):
        rw = used.get(container.id, 0)
        virtual = rw + image_size.get(container.image_ref, 0)
        return "%s (virtual %s)" % (humanize.human_size(rw), humanize.human_size(virtual))
    return size_of


def image_rows(images, wanted=None):
    """One row per repository:tag, as docker prints them; untagged images as <none>."""
    rows = []
    for image in images:
        refs = list(image.repo_tags) or [None]
        digests = {ref.split("@", 1)[0]: ref.split("@", 1)[1] for ref in image.repo_digests}
        for ref in refs:
            if ref is None:
                repo_full, tag = (image.repo_digests[0].split("@", 1)[0] if image.repo_digests
                                  else "<none>"), "<none>"
            else:
                repo_full, tag = names.split_reference(ref)
            if wanted and not _matches(wanted, repo_full, tag):
                continue
            rows.append((image, names.familiar_repository(repo_full) if repo_full != "<none>"
                         else "<none>", tag, digests.get(repo_full, "<none>")))
    return rows


def _matches(wanted, repo_full, tag):
    """`docker images busybox` matches every tag of busybox; `busybox:1.35` one tag."""
    last = wanted.rsplit("/", 1)[-1]
    want_repo, want_tag = (wanted.rsplit(":", 1) if ":" in last else (wanted, None))
    full = names.normalise_reference(want_repo + ":x").rsplit(":", 1)[0]
    if repo_full != full:
        return False
    return want_tag is None or want_tag == tag


def image_created_ns(status_response):
    info = views.verbose_info(status_response)
    created = ((info or {}).get("imageSpec") or {}).get("created")
    if not created:
        return None
    from dockercri.render.timefmt import parse_rfc3339_ns
    return parse_rfc3339_ns(created)


def run_images(intent, plan, session):
    refuse_if_needed(plan, session.env.prog)
    results = session.executor.run(plan)
    wanted = intent.args[0] if intent.args else None
    rows = image_rows(results["images"].images, wanted)
    no_trunc = bool(intent.opt("no_trunc"))
    if intent.opt("quiet"):
        seen = []
        for image, _, _, _ in rows:
            ident = views.short_id(image.id, no_trunc)
            if ident not in seen:
                seen.append(ident)
        for ident in seen:
            session.out(ident)
        return 0
    unique = list({image.id: image for image, _, _, _ in rows}.values())
    statuses = dict(zip([i.id for i in unique],
                        session.executor.run_each(_step(plan, "image_status"), unique)))
    now = session.env.clock()
    header = ["REPOSITORY", "TAG"] + (["DIGEST"] if intent.opt("digests") else []) + \
        ["IMAGE ID", "CREATED", "SIZE"]
    table = []
    for image, repo, tag, digest in rows:
        created = image_created_ns(statuses.get(image.id))
        row = [repo, tag] + ([digest] if intent.opt("digests") else []) + [
            views.short_id(image.id, no_trunc),
            humanize.ago(now, created) if created else "N/A",
            humanize.human_size(image.size)]
        table.append(row)
    session.env.stdout.write(format_table(header, table))
    return 0


POD_HEADER = ["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]


def run_pods(intent, plan, session):
    refuse_if_needed(plan, session.env.prog)
    results = session.executor.run(plan)
    pods = sorted(results["pods"].items, key=lambda p: p.created_at, reverse=True)
    if intent.opt("name"):
        pods = [p for p in pods if intent.opt("name") in p.metadata.name]
    if intent.opt("namespace"):
        pods = [p for p in pods if intent.opt("namespace") in p.metadata.namespace]
    pods = select_last(pods, intent)
    no_trunc = bool(intent.opt("no_trunc"))
    output = (intent.opt("output") or "table").lower()
    if intent.opt("quiet"):
        for pod in pods:
            session.out(pod.id if no_trunc else pod.id[:13])
        return 0
    if output in ("json", "yaml"):
        from dockercri.render.protojson import messages_json
        session.out(messages_json({"items": pods}))
        return 0
    now = session.env.clock()
    rows = [[pod.id if no_trunc else pod.id[:13], humanize.ago(now, pod.created_at),
             views.POD_STATE_WORDS.get(pod.state, "UNKNOWN"), pod.metadata.name,
             pod.metadata.namespace, str(pod.metadata.attempt),
             getattr(pod, "runtime_handler", "") or "(default)"] for pod in pods]
    session.env.stdout.write(format_table(POD_HEADER, rows))
    return 0
