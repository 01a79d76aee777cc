"""pull, rmi (image rm), image prune, login, logout: run the plans, print docker's lines.

rmi acts on each image in turn, prints each success, reports every failure and
exits 1 if any failed, as docker does. No secret is ever printed: credentials
live in dockercri.auth objects whose repr hides them, and every message here
names the registry and the user only.
"""

import json

from dockercri import names
from dockercri.errors import daemon_error, AmbiguousName, DockerCLIError, NoSuchObject
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.images import InvalidReference, familiar, parse_reference
from dockercri.runtime.executor import Results

CONTAINER_RUNNING = 1

DANGLING_WARNING = ("WARNING! This will remove all dangling images.\n"
                    "Are you sure you want to continue?")
ALL_WARNING = ("WARNING! This will remove all images without at least one container "
               "associated to them.\nAre you sure you want to continue?")
PASSWORD_FLAG_WARNING = "WARNING! Using --password via the CLI is insecure. Use --password-stdin."
UNENCRYPTED_WARNING = (
    "WARNING! Your password will be stored unencrypted in %s.\n"
    "Configure a credential helper to remove this warning. See\n"
    "https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n")
HUB_PROMPT = ("Login with your Docker ID to push and pull images from Docker Hub. If you don't "
              "have a Docker ID, head over to https://hub.docker.com to create one.")


def _fail(session, text, exit_code=1):
    """docker prints some client-side errors bare, without an "Error: " prefix."""
    session.err(text)
    return DockerCLIError("", exit_code=exit_code)


def _short(image_id):
    return image_id.split(":", 1)[-1][:12]


# -- pull ---------------------------------------------------------------------
def _repo_digest(image, repo):
    for ref in image.repo_digests:
        name, _, digest = ref.partition("@")
        if name == repo:
            return digest
    return ""


def _found_id(status):
    return status.image.id if status is not None and status.image and status.image.id else ""


def pull_lines(ref, results):
    """docker's lines after a pull, from the plan's ImageStatus before and after."""
    before, after = _found_id(results["before"]), _found_id(results["after"])
    digest = ref.digest or (_repo_digest(results["after"].image, ref.repo) if after else "")
    same = before and before == (results["pull"].image_ref or after)
    return (["%s: Pulling from %s" % (ref.digest or ref.tag, ref.path)] +
            (["Digest: %s" % digest] if digest else []) +
            ["Status: %s for %s" % ("Image is up to date" if same else "Downloaded newer image",
                                    ref.familiar), ref.full])


def run_pull(intent, plan, session):
    refuse_if_needed(plan, session)
    try:
        ref = parse_reference(intent.args[0])
    except InvalidReference as error:
        raise _fail(session, error.message)
    quiet = bool(intent.opt("quiet"))
    if ref.defaulted and not quiet:
        session.out("Using default tag: %s" % ref.tag)
    results = session.executor.execute(plan, session)
    lines = [ref.full] if quiet else pull_lines(ref, results)
    from dockercri.render.progress import shows_progress
    if not quiet and shows_progress(session.env.stdout):
        lines = lines[1:]  # "Pulling from" came before the progress line, as docker's does
    session.out("\n".join(lines))
    return 0


# -- rmi ----------------------------------------------------------------------
def _uses(container, image):
    return container.image_ref == image.id or (container.image and container.image.image in (
        [image.id] + list(image.repo_tags) + list(image.repo_digests)))


def _other_names(named, tags, digests):
    """Names that would survive docker's untag of `named`: its other tags, and digests
    of repositories other than the one untagged (docker drops a repository's digests
    with its last tag)."""
    others = [tag for tag in tags if tag != named]
    named_repo = named.split("@", 1)[0] if "@" in named else names.split_reference(named)[0]
    tag_repos = {names.split_reference(tag)[0] for tag in others}
    for digest in digests:
        repo = digest.split("@", 1)[0]
        if digest != named and repo != named_repo and repo not in tag_repos:
            others.append(digest)
    return others


def _single_reference(tags, digests):
    """docker's isSingleReference: at most one tag, and every name in one repository."""
    if len(tags) > 1:
        return False
    repos = {names.split_reference(tag)[0] for tag in tags}
    repos |= {digest.split("@", 1)[0] for digest in digests}
    return len(repos) <= 1


def image_not_found(context, error):
    name = context.step.pick.name
    if isinstance(error, AmbiguousName):
        return daemon_error("Multiple IDs found with provided prefix: %s" % name)
    if isinstance(error, NoSuchObject):
        return DockerCLIError("Error: No such image: %s" % name, exit_code=1)
    return error


def removal_check(context, request):
    """Node step: docker's ImageDelete checks on the picked image and the containers of
    the plan's list; returns docker's output lines for when the removal succeeds."""
    name, force, image = request["name"], request["force"], request["image"]
    users = [c for c in context["containers"].containers if _uses(c, image)]
    running = [c for c in users if c.state == CONTAINER_RUNNING]
    tags, digests = list(image.repo_tags), list(image.repo_digests)
    short = _short(image.id)
    named = names.normalise_reference(name)
    by_reference = named in tags or named in digests
    hard = ("conflict: unable to delete %s (cannot be forced) - image is being used by running "
            "container %s" % (short, _short(running[0].id))) if running else ""
    if by_reference:
        # docker refuses a name a container's image goes by only when it is the image's
        # single reference (rmi_used_by_container); with siblings it would just untag
        # (rmi_used_tag_with_sibling), which CRI cannot: refused below for that reason.
        if users and not force and _single_reference(tags, digests):
            raise daemon_error('conflict: unable to remove repository reference "%s" (must force)'
                               ' - container %s is using its referenced image %s'
                               % (name, _short(users[0].id), short))
        others = _other_names(named, tags, digests)
        if others and not force:
            raise daemon_error(
                'conflict: unable to remove repository reference "%s" (must force) - image %s '
                "is also tagged %s; CRI cannot remove one tag of an image, so -f removes the "
                "image with all its tags%s" % (
                    name, short, ", ".join(familiar(o) for o in others),
                    " (container %s uses it)" % _short(users[0].id) if users else ""))
        if users and not force:
            raise daemon_error('conflict: unable to remove repository reference "%s" (must force)'
                               ' - container %s is using its referenced image %s'
                               % (name, _short(users[0].id), short))
        if hard:
            raise daemon_error(hard)
        first = [named]
    else:
        if hard:
            raise daemon_error(hard)
        if not force and not _single_reference(tags, digests):
            raise daemon_error("conflict: unable to delete %s (must be forced) - image is "
                               "referenced in multiple repositories" % short)
        if users and not force:
            raise daemon_error("conflict: unable to delete %s (must be forced) - image is being "
                               "used by stopped container %s" % (short, _short(users[0].id)))
        first = []
    if getattr(image, "pinned", False) and not force:
        raise daemon_error("conflict: unable to delete %s (must be forced) - the runtime pins "
                           "this image (its pod sandbox image)" % short)
    order = first + [t for t in tags if t not in first] + [d for d in digests if d not in first]
    return ["Untagged: %s" % familiar(ref) for ref in order] + ["Deleted: %s" % image.id]


def run_rmi(intent, plan, session):
    from dockercri.commands.lifecycle import each_name
    refuse_if_needed(plan, session)
    return each_name(intent, plan, session,
                     printed=lambda results, group: results["check%d" % group])


# -- image prune --------------------------------------------------------------
def confirm_prune(context, request):
    """Node step: docker's question before a prune."""
    from dockercri.commands.prompt import confirm
    return confirm(context.session, ALL_WARNING if request["all"] else DANGLING_WARNING)


def prune_confirmed(context):
    return context.results.get("confirm") is not False


def _sandbox_images(status):
    """The runtime's pod sandbox image (containerd reports it in its verbose status)."""
    if status is None:
        return set()  # an older runtime without verbose info
    found = set()
    for value in status.info.values():
        try:
            data = json.loads(value)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        config = data.get("config") if isinstance(data.get("config"), dict) else data
        image = config.get("sandboxImage")
        if isinstance(image, str) and image:
            found.add(names.normalise_reference(image))
    return found


def _prunable(results, image, everything):
    if any(_uses(c, image) for c in results["containers"].containers):
        return False
    if getattr(image, "pinned", False):
        return False
    sandbox = _sandbox_images(results["status"])
    if sandbox & set(image.repo_tags) or image.id in sandbox:
        return False
    return everything or not image.repo_tags


def prunable(context):
    return _prunable(context.results, context.item, True)


def prunable_dangling(context):
    return _prunable(context.results, context.item, False)


def prunable_filtered(context, intent):
    """Prunable as without --filter, and matching it (from the image's config)."""
    from dockercri.plan.prune import image_matches, prune_filters
    if not _prunable(context.results, context.item, bool(intent.opt("all"))):
        return False
    status = dict((image.id, result) for image, result in
                  context.results.per_item("image_status")).get(context.item.id)
    return status is not None and image_matches(status, prune_filters(intent))


def run_image_prune(intent, plan, session):
    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    if "remove" in results.skipped:
        session.out("Total reclaimed space: 0B")
        return 0
    report_deleted_images(session, results.per_item("remove"))
    return 0


def report_deleted_images(session, removals):
    """docker's prune report: each (image, outcome) it deleted (None: it could not, skipped, as
    docker's prune skips it) and the space reclaimed, in go-units' HumanSize with four
    significant digits (1.982MB), as docker prints it here."""
    from dockercri.plan.images import familiar
    from dockercri.render.humanize import human_size
    lines, reclaimed = [], 0
    for image, outcome in removals:
        if outcome is None:
            continue
        lines += ["untagged: %s" % familiar(ref) for ref in
                  list(image.repo_tags) + list(image.repo_digests)]
        lines.append("deleted: %s" % image.id)
        reclaimed += image.size
    if lines:
        session.out("Deleted Images:\n" + "\n".join(lines) + "\n")
    session.out("Total reclaimed space: %s" % human_size(reclaimed, 4))


# -- login, logout ------------------------------------------------------------
def _isatty(stream):
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _read_stdin(session):
    stdin = session.env.stdin
    text = stdin.read() if stdin is not None else ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text.endswith("\n"):
        text = text[:-1]
    if text.endswith("\r"):
        text = text[:-1]
    return text


def _prompt_credentials(session, username, password, default_user, hub):
    """docker's ConfigureAuth: Username (and Password, without echo) on a terminal."""
    stdin = session.env.stdin
    if not password and not _isatty(stdin):
        raise DockerCLIError("Error: Cannot perform an interactive login from a non TTY device",
                             exit_code=1)
    username = (username or "").strip()
    if not username:
        if hub:
            session.out(HUB_PROMPT)
        session.env.stdout.write("Username (%s): " % default_user if default_user
                                 else "Username: ")
        session.env.stdout.flush()
        username = (stdin.readline() or "").strip() or default_user or ""
    if not username:
        raise DockerCLIError("Error: Non-null Username Required", exit_code=1)
    if not password:
        import getpass
        password = getpass.getpass("Password: ")
        if not password:
            raise DockerCLIError("Error: Password Required", exit_code=1)
    return username, password


def login_with_stored(context, request):
    """Node step: docker tries the credentials it holds before asking for any; returns
    (the credentials when the registry accepts them (with its token) or None, the stored
    user name that the prompt offers)."""
    from dockercri.auth import Credentials, CredentialsError, DockerConfig
    from dockercri.auth.verify import LoginError, login

    session, key = context.session, request["registry"]
    try:
        stored = DockerConfig.locate(session.env.environ).get(key)
    except CredentialsError:
        stored = None
    default_user = stored.username if stored is not None else ""
    if stored is None or not (stored.username and stored.password):
        return None, default_user
    session.out("Authenticating with existing credentials...")
    try:
        token = login(key, stored.username, stored.password, request["server"])
    except LoginError as error:
        session.err("Login did not succeed, error: Error response from daemon: %s" % error)
        return None, default_user
    if token:
        return Credentials(key, username=stored.username, identity_token=token), default_user
    return stored, default_user


def _accepted(context):
    existing = context["existing"]
    return existing[0] if existing is not None else None


def not_logged_in(context):
    return _accepted(context) is None


def ask_credentials(context, request):
    """Node step: the user name and password given, or asked for as docker asks."""
    from dockercri.auth import INDEX_SERVER

    existing = context["existing"]
    return _prompt_credentials(context.session, request["username"],
                               context.results.get("typed password", ""),
                               existing[1] if existing is not None else "",
                               request["registry"] == INDEX_SERVER)


def verify_login(context, request):
    """Node step: the registry's check (not CRI): the credentials, or its token for them."""
    from dockercri.auth import Credentials
    from dockercri.auth.verify import LoginError, login

    key = request["registry"]
    username, password = context["ask"]
    try:
        token = login(key, username, password, request["server"])
    except LoginError as error:
        raise daemon_error(str(error))
    if token:
        return Credentials(key, username=username, identity_token=token)
    return Credentials(key, username=username, password=password)


def store_credentials(context, request):
    from dockercri.auth import CredentialsError, DockerConfig

    session = context.session
    creds = _accepted(context) or context["verify"]
    config = DockerConfig.locate(session.env.environ)
    try:
        if config.uses_file(request["registry"]) and creds.password:
            session.err(UNENCRYPTED_WARNING % config.path)
        config.store(creds)
    except (CredentialsError, OSError) as error:
        raise DockerCLIError("Error saving credentials: %s" % error, exit_code=1)
    return None


def run_login(intent, plan, session):
    refuse_if_needed(plan, session)
    username, password = intent.opt("username") or "", intent.opt("password") or ""
    if password:
        session.err(PASSWORD_FLAG_WARNING)
        if intent.opt("password_stdin"):
            raise _fail(session, "--password and --password-stdin are mutually exclusive")
    if intent.opt("password_stdin"):
        if not username:
            raise _fail(session, "Must provide --username with --password-stdin")
        password = _read_stdin(session)
    # the secret is handed to the steps as a result, never written into the plan
    session.executor.execute(plan, session, results=Results({"typed password": password}))
    session.out("Login Succeeded")
    return 0


def find_logins(context, request):
    """Node step: (the server as docker names it, the config keys it is stored under)."""
    from dockercri.auth import CredentialsError, DockerConfig

    config = DockerConfig.locate(context.session.env.environ)
    try:
        return config.logged_in_keys(request["server"])
    except CredentialsError as error:
        raise _fail(context.session, str(error))


def logged_in(context):
    return bool(context["find"][1])


def erase_logins(context, request):
    """Node step: the warnings of what could not be erased."""
    from dockercri.auth import CredentialsError, DockerConfig

    session = context.session
    shown, keys = context["find"]
    session.out("Removing login credentials for %s" % shown)
    try:
        return DockerConfig.locate(session.env.environ).erase(keys)
    except (CredentialsError, OSError) as error:
        raise _fail(session, "WARNING: could not erase credentials: %s" % error)


def run_logout(intent, plan, session):
    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    shown, keys = results["find"]
    if not keys:
        session.out("Not logged in to %s" % shown)
        return 0
    for warning in results["erase"]:
        session.err("WARNING: could not erase credentials: %s" % warning)
    return 0
