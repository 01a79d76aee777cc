"""ps, images, pods: run the listing plans and print docker's tables."""

from dockercri import names
from dockercri.errors import DockerCLIError
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.listing import shows_all, wants_size
from dockercri.render import humanize, views
from dockercri.render.table import format_table



def select_last(items, intent):
    last = intent.opt("last")
    if intent.opt("latest"):
        last = 1
    if last is not None and last > 0:  # docker and crictl: 0 or less means no limit
        return items[:last]
    return items


def ps_filters(intent):
    from dockercri import filters
    from dockercri.mapping import transforms
    pairs = [transforms.filter_pair(raw) for raw in intent.opt("filter") or ()]
    return filters.parse(pairs, filters.PS_KEYS, filters.PS_REFUSED)


def _fanned_out(results, key):
    """{item id: result} of a fanned-out step (None where it failed: removed meanwhile)."""
    return {item.id: result for item, result in results.per_item(key)}


def run_ps(intent, plan, session):
    from dockercri import filters as filtering
    from dockercri.render.contexts import ContainerContext
    from dockercri.render.output import write

    refuse_if_needed(plan, session)
    wanted = ps_filters(intent)
    results = session.executor.execute(plan, session)
    containers = sorted(results["containers"].containers, key=lambda c: c.created_at, reverse=True)
    no_trunc = bool(intent.opt("no_trunc"))
    pods = list(results["pods"].items)
    pods_by_id = {pod.id: pod for pod in pods}
    found = _container_views(results, containers, pods_by_id)
    sandboxes = sandbox_views(results, pods)
    if not shows_all(intent) and not (wanted and filtering.wants_all(wanted)):
        # without -a only running ones, as for containers (whose list asked for those)
        sandboxes = [view for view in sandboxes if view.state == "running"]
    found += sandboxes
    for view in found:
        view.paused = view.id in (results.get("paused") or ())
    found.sort(key=lambda v: v.created_ns, reverse=True)
    if wanted:
        by_name = {}
        for view in found:
            by_name[view.name] = by_name[view.id] = view.created_ns

        def created_of(name):
            for key, value in by_name.items():
                if key == name or (len(name) >= 3 and key.startswith(name)):
                    return value
            raise DockerCLIError("Error response from daemon: No such container: %s" % name,
                                 exit_code=1)
        found = [v for v in found if filtering.container_matches(v, wanted, created_of)]
        if not shows_all(intent) and not filtering.wants_all(wanted):
            found = [v for v in found if v.state == "running"]
    found = select_last(found, intent)
    if intent.opt("quiet"):
        for view in found:
            session.out(views.short_id(view.id, no_trunc))
        return 0
    now = session.env.clock()
    sizes = _sizes(results) if wants_size(intent) else None
    contexts = [ContainerContext(view, now, not no_trunc,
                                 sizes(view) if sizes is not None else "") for view in found]
    columns = ContainerContext.DEFAULT + (("Size",) if intent.opt("size") else ())
    write(session, intent.opt("format"), contexts, columns, ContainerContext.HEADERS)
    return 0


def _container_views(results, containers, pods_by_id):
    """One view per container, from the brief or verbose status where the plan asked for
    one; a container whose status failed was removed while we listed: no row."""
    statuses = _fanned_out(results, "status")
    statuses.update(_fanned_out(results, "details"))
    specs = results.get("container_specs") or {}
    out = []
    for container in containers:
        status = statuses.get(container.id)
        if status is None and container.id in statuses:
            continue
        view = views.container_view(container, status, pods_by_id)
        if container.id in specs and views.COMMAND_LABEL not in container.labels:
            view.command = specs[container.id]
        out.append(view)
    return out


def sandbox_views(results, pods):
    """dockershim showed each kubelet pod sandbox as a container named k8s_POD_...: so do we.
    dockercri's own pods stay hidden behind their one container. The image is the runtime's
    configured sandbox image, the command the sandbox's OCI spec; a pod neither gives
    was asked for its own verbose status (a pod whose status failed is gone: no row)."""
    from dockercri.verbose import configured_sandbox_image
    image_of_runtime = configured_sandbox_image(results.get("runtime_status"))
    specs = results.get("sandbox_specs") or {}
    own = _fanned_out(results, "sandboxes")
    out = []
    for pod in pods:
        if names.is_managed(pod):
            continue
        if pod.id in own and own[pod.id] is None:
            continue
        out.append(views.sandbox_view(pod, own.get(pod.id), image_of_runtime,
                                      specs.get(pod.id)))
    return out


def _sizes(results):
    used = {stat.attributes.id: stat.writable_layer.used_bytes.value
            for stat in results["stats"].stats}
    used.update(results.get("layers") or {})  # measured on the node now, where mounted
    image_size = {}
    for image in results["images"].images:  # a sandbox row names its image by reference
        for key in [image.id] + list(image.repo_tags) + list(image.repo_digests):
            image_size[key] = image.size

    def size_of(view):
        rw = used.get(view.id, 0)
        virtual = rw + image_size.get(view.image_ref, 0)
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


IMAGE_COLUMNS = ("Repository", "Tag", "ID", "CreatedSince", "Size")


def image_labels(status_response):
    info = views.verbose_info(status_response)
    return (((info or {}).get("imageSpec") or {}).get("config") or {}).get("Labels") or {}


def run_images(intent, plan, session):
    from dockercri import filters as filtering
    from dockercri.mapping import transforms
    from dockercri.render.contexts import ImageContext
    from dockercri.render.output import write

    refuse_if_needed(plan, session)
    pairs = [transforms.filter_pair(raw) for raw in intent.opt("filter") or ()]
    wanted = filtering.parse(pairs, filtering.IMAGE_KEYS)
    results = session.executor.execute(plan, session)
    listed = list(results["images"].images)
    rows = image_rows(listed, intent.args[0] if intent.args else None)
    no_trunc = bool(intent.opt("no_trunc"))
    statuses = dict(zip([image.id for image in listed], results.get("image_status") or ()))
    created = {ident: image_created_ns(status) for ident, status in statuses.items()}
    if wanted:
        def created_of(name):
            return created.get(names.pick_image(name, listed).id) or 0
        rows = [row for row in rows if filtering.image_matches(
            row[0], row[1], row[2], created.get(row[0].id), image_labels(statuses.get(row[0].id)),
            wanted, created_of)]
    if intent.opt("quiet"):
        seen = []
        for image, _, _, _ in rows:
            ident = views.short_id(image.id, no_trunc)
            if ident not in seen:
                seen.append(ident)
        for ident in seen:
            session.out(ident)
        return 0
    now = session.env.clock()
    # docker lists the newest first; ties in a stable order so output does not jitter
    rows.sort(key=lambda row: (-(created.get(row[0].id) or 0), row[1], row[2]))
    contexts = [ImageContext(image, repo, tag, digest, created.get(image.id), now, not no_trunc)
                for image, repo, tag, digest in rows]
    columns = IMAGE_COLUMNS if not intent.opt("digests") else \
        ("Repository", "Tag", "Digest", "ID", "CreatedSince", "Size")
    write(session, intent.opt("format"), contexts, columns, ImageContext.HEADERS)
    return 0


POD_HEADER = ["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]


def run_pods(intent, plan, session):
    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
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
