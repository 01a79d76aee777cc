"""pull, rmi (image rm), image prune, login, logout: run the plans, print docker's lines.

rmi acts on each image in turn, prints each success, reports every failure and
exits 1 if any failed, as docker does. No secret is ever printed: credentials
live in dockercri.auth objects whose repr hides them, and every message here
names the registry and the user only.
"""

import json

from dockercri import names
from dockercri.errors import daemon_error, AmbiguousName, DockerCLIError, NoSuchObject, RuntimeError_
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.images import InvalidReference, familiar, parse_reference, pull_request
from dockercri.render.progress import pull_progress

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
def _credentials(session, key):
    from dockercri.auth import CredentialsError, DockerConfig

    try:
        return DockerConfig.locate(session.env.environ).get(key)
    except CredentialsError as error:
        if str(error).startswith("Error loading config file"):
            session.err("WARNING: %s" % error)
            return None
        raise _fail(session, str(error))


def _image_id(session, reference):
    try:
        status = session.executor.call("ImageService.ImageStatus", {"image": {"image": reference}})
    except RuntimeError_ as error:
        raise daemon_error(error.message)
    return status.image.id if status.image and status.image.id else "", status


def _repo_digest(image, repo):
    for ref in image.repo_digests:
        name, _, digest = ref.partition("@")
        if name == repo:
            return digest
    return ""


def pull_image(session, ref, quiet=False):
    """PullImage with docker's credentials for the registry; prints docker's lines."""
    from dockercri.auth import registry_key

    creds = _credentials(session, registry_key(ref.domain))
    before, _ = _image_id(session, ref.full)
    request = pull_request(ref.full, creds.cri() if creds else None)
    pulling = "%s: Pulling from %s" % (ref.digest or ref.tag, ref.path)
    progress = pull_progress(session.env.stdout, ref.familiar, quiet)
    if progress.shown:
        # On a terminal, as docker does, the wait comes after "Pulling from"; in a pipe
        # that line comes only once the pull has succeeded.
        session.out(pulling)
    try:
        with progress:
            response = session.executor.call("ImageService.PullImage", request)
    except RuntimeError_ as error:
        raise daemon_error(error.message)
    if quiet:
        session.out(ref.full)
        return response.image_ref
    if not progress.shown:
        session.out(pulling)
    after, status = _image_id(session, ref.full)
    digest = ref.digest or (_repo_digest(status.image, ref.repo) if after else "")
    if digest:
        session.out("Digest: %s" % digest)
    same = before and before == (response.image_ref or after)
    session.out("Status: %s for %s" % ("Image is up to date" if same else
                                       "Downloaded newer image", ref.familiar))
    session.out(ref.full)
    return response.image_ref


def run_pull(intent, plan, session):
    refuse_if_needed(plan, session)
    try:
        ref = parse_reference(intent.args[0])
    except InvalidReference as error:
        raise _fail(session, error.message)
    quiet = bool(intent.opt("quiet"))
    if ref.defaulted and not quiet:
        session.out("Using default tag: %s" % ref.tag)
    pull_image(session, ref, quiet)
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


def _find_image(session, name):
    try:
        return names.pick_image(name, session.executor.images())
    except AmbiguousName:
        raise daemon_error("Multiple IDs found with provided prefix: %s" % name)
    except NoSuchObject:
        raise DockerCLIError("Error: No such image: %s" % name, exit_code=1)


def remove_image(session, name, force):
    """docker's ImageDelete checks, then RemoveImage; returns docker's output lines."""
    image = _find_image(session, name)
    users = [c for c in session.executor.containers() if _uses(c, image)]
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
    try:
        session.executor.call("ImageService.RemoveImage", {"image": {"image": image.id}})
    except RuntimeError_ as error:
        raise daemon_error(error.message)
    order = first + [t for t in tags if t not in first] + [d for d in digests if d not in first]
    return ["Untagged: %s" % familiar(ref) for ref in order] + ["Deleted: %s" % image.id]


def run_rmi(intent, plan, session):
    refuse_if_needed(plan, session)
    force = bool(intent.opt("force"))
    failed = False
    for name in intent.args:
        try:
            lines = remove_image(session, name, force)
        except DockerCLIError as error:
            session.err(error.message)
            failed = True
            continue
        finally:
            session.executor.invalidate()
        for line in lines:
            session.out(line)
    if failed:
        raise DockerCLIError("", exit_code=1)
    return 0


# -- image prune --------------------------------------------------------------
def _confirm(session, question):
    """docker's PromptForConfirmation: only y or Y says yes."""
    session.env.stdout.write(question + " [y/N] ")
    session.env.stdout.flush()
    stdin = session.env.stdin
    answer = stdin.readline() if stdin is not None else ""
    return answer.strip() in ("y", "Y")


def _sandbox_images(session):
    """The runtime's pod sandbox image (containerd reports it in its verbose status)."""
    try:
        status = session.executor.call("RuntimeService.Status", {"verbose": True})
    except Exception:  # noqa: BLE001 - an older runtime without verbose info
        return set()
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


def run_image_prune(intent, plan, session):
    from dockercri.render.humanize import human_size

    refuse_if_needed(plan, session)
    everything = bool(intent.opt("all"))
    if not intent.opt("force") and not _confirm(session, ALL_WARNING if everything
                                                else DANGLING_WARNING):
        session.out("Total reclaimed space: 0B")
        return 0
    images = session.executor.images()
    containers = session.executor.containers()
    sandbox = _sandbox_images(session)
    lines, reclaimed = [], 0
    for image in images:
        if any(_uses(c, image) for c in containers) or getattr(image, "pinned", False):
            continue
        if sandbox & set(image.repo_tags) or image.id in sandbox:
            continue
        if not everything and image.repo_tags:
            continue
        try:
            session.executor.call("ImageService.RemoveImage", {"image": {"image": image.id}})
        except RuntimeError_:
            continue  # docker's prune skips what it cannot delete
        lines += ["untagged: %s" % familiar(ref) for ref in
                  list(image.repo_tags) + list(image.repo_digests)]
        lines.append("deleted: %s" % image.id)
        reclaimed += image.size
    session.executor.invalidate()
    if lines:
        session.out("Deleted Images:\n" + "\n".join(lines) + "\n")
    # go-units HumanSize: four significant digits (1.982MB), as docker prints it here.
    session.out("Total reclaimed space: %s" % human_size(reclaimed, 4))
    return 0


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


def run_login(intent, plan, session):
    from dockercri.auth import INDEX_SERVER, Credentials, CredentialsError, DockerConfig, server_key
    from dockercri.auth.verify import LoginError, login

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
    server = intent.args[0] if intent.args else None
    key = server_key(server)
    config = DockerConfig.locate(session.env.environ)
    hub = key == INDEX_SERVER
    token = None
    creds = None
    if not username and not password:
        try:
            stored = config.get(key)
        except CredentialsError:
            stored = None
        if stored is not None and stored.username and stored.password:
            session.out("Authenticating with existing credentials...")
            try:
                token = login(key, stored.username, stored.password, server)
                creds = stored
            except LoginError as error:
                session.err("Login did not succeed, error: Error response from daemon: %s"
                            % error)
        default_user = stored.username if stored is not None else ""
    else:
        default_user = ""
    if creds is None:
        username, password = _prompt_credentials(session, username, password, default_user, hub)
        try:
            token = login(key, username, password, server)
        except LoginError as error:
            raise daemon_error(str(error))
        creds = Credentials(key, username=username, password=password)
    if token:
        creds = Credentials(key, username=creds.username, identity_token=token)
    try:
        if config.uses_file(key) and creds.password:
            session.err(UNENCRYPTED_WARNING % config.path)
        config.store(creds)
    except (CredentialsError, OSError) as error:
        raise DockerCLIError("Error saving credentials: %s" % error, exit_code=1)
    session.out("Login Succeeded")
    return 0


def run_logout(intent, plan, session):
    from dockercri.auth import CredentialsError, DockerConfig

    refuse_if_needed(plan, session)
    config = DockerConfig.locate(session.env.environ)
    server = intent.args[0] if intent.args else None
    try:
        shown, keys = config.logged_in_keys(server)
    except CredentialsError as error:
        raise _fail(session, str(error))
    if not keys:
        session.out("Not logged in to %s" % shown)
        return 0
    session.out("Removing login credentials for %s" % shown)
    try:
        warnings = config.erase(keys)
    except (CredentialsError, OSError) as error:
        raise _fail(session, "WARNING: could not erase credentials: %s" % error)
    for warning in warnings:
        session.err("WARNING: could not erase credentials: %s" % warning)
    return 0
