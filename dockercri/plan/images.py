"""pull, rmi, image prune, login, logout: images change hands.

CRI pulls one reference at a time (PullImage, with AuthConfig for private
registries) and removes an image with every name it has (RemoveImage). It has
no login, no untag and no prune: dockercri keeps docker's credentials file,
makes docker's removal checks itself, and chooses what to prune from ListImages
and ListContainers.

Secrets never enter a plan: the auth a pull sends is shown with its password or
token as <redacted>; the runner fills the real one in at the last moment.
"""

import re

from dockercri import names
from dockercri.errors import DockerCLIError
from dockercri.plan.common import crictl_line, start
from dockercri.plan.invalid import rejects
from dockercri.plan.model import Pick, Ref, Step
from dockercri.record import Record

REDACTED = "<redacted>"

# docker's reference grammar (distribution/reference), enough to refuse what docker refuses.
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = r"(?:%s(?:\.%s)*(?::[0-9]+)?)" % (_DOMAIN_COMPONENT, _DOMAIN_COMPONENT)
_NAME_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*"
_NAME = r"(?:%s/)?%s(?:/%s)*" % (_DOMAIN, _NAME_COMPONENT, _NAME_COMPONENT)
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}"
_REFERENCE = re.compile(r"^(%s)(?::(%s))?(?:@(%s))?$" % (_NAME, _TAG, _DIGEST))
_HEX64 = re.compile(r"^[a-f0-9]{64}$")


class InvalidReference(DockerCLIError):
    """docker's client-side "invalid reference format" (printed as is, exit 1)."""


class Reference(Record):
    FIELDS = (
        "full",       # docker.io/library/busybox:1.35 or ...@sha256:...
        "repo",       # docker.io/library/busybox
        "domain",     # docker.io
        "path",       # library/busybox
        "tag",        # "1.35", or "" for a digest reference
        "digest",     # "sha256:...", or ""
        "defaulted",  # no tag was given: docker says "Using default tag: latest"
    )
    FROZEN = True

    @property
    def familiar(self):
        return familiar(self.full)


def parse_reference(text):
    """docker's ParseNormalizedNamed plus its default tag."""
    match = _REFERENCE.match(text)
    if not match:
        if text.lower() != text and _REFERENCE.match(text.lower()):
            raise InvalidReference("invalid reference format: repository name must be lowercase")
        raise InvalidReference("invalid reference format")
    name, tag, digest = match.group(1), match.group(2) or "", match.group(3) or ""
    if _HEX64.match(name):
        raise InvalidReference("invalid repository name (%s), cannot specify 64-byte "
                               "hexadecimal strings" % name)
    repo = names.normalise_reference(name + ":x").rsplit(":", 1)[0]
    domain, _, path = repo.partition("/")
    defaulted = not tag and not digest
    if digest:
        full = "%s@%s" % (repo, digest)
        tag = ""
    else:
        tag = tag or "latest"
        full = "%s:%s" % (repo, tag)
    return Reference(full, repo, domain, path, tag, digest, defaulted)


def familiar(ref):
    """docker's FamiliarString: docker.io/library/busybox:1.35 → busybox:1.35."""
    if "@" in ref:
        repo, _, digest = ref.partition("@")
        return "%s@%s" % (names.familiar_repository(repo), digest)
    repo, tag = names.split_reference(ref)
    if tag == "<none>":
        return names.familiar_repository(repo)
    return "%s:%s" % (names.familiar_repository(repo), tag)


def pull_request(image, auth=None):
    """PullImageRequest in proto field names; `auth` is AuthConfig or None."""
    request = {"image": {"image": image}}
    if auth:
        request["auth"] = auth
    return request


def _arity_at_most_one(intent, command, prog="docker"):
    if len(intent.args) <= 1:
        return
    path = "%s %s" % (prog, command.name)
    usage = "\n".join(["", "Usage:  " + command.usage.replace("docker ", prog + " ", 1), "",
                       command.summary])
    raise DockerCLIError('"%s" requires at most 1 argument.\nSee \'%s --help\'.\n%s'
                         % (path, path, usage), exit_code=1)


def _content_trust(plan, intent):
    """--disable-content-trust (true, docker's default) asks for what CRI does anyway;
    only =false, a request for verification, is refused."""
    if intent.has("disable_content_trust") and intent.opt("disable_content_trust"):
        plan.refusals[:] = [line for line in plan.refusals
                            if not line.startswith("--disable-content-trust")]


def _credentials_for_explain(key):
    """What explain may say about stored credentials: a username and where they come
    from, never a secret; credential helpers are not run for explain."""
    from dockercri.auth import DockerConfig

    return DockerConfig.locate().describe(key)


# -- pull ---------------------------------------------------------------------
DAEMON_ERRORS = "dockercri.errors:daemon_says"


def plan_pull(intent, command):
    from dockercri.auth import registry_key

    plan = start(command, intent)
    _content_trust(plan, intent)
    try:
        ref = parse_reference(intent.args[0])
    except InvalidReference as error:
        plan.notes.append("%s: docker refuses the name before it asks the daemon anything."
                          % error.message)
        return plan
    key = registry_key(ref.domain)
    plan.add(Step("before", "ImageService.ImageStatus", {"image": {"image": ref.full}},
                  errors=DAEMON_ERRORS,
                  why=("tells a new download (\"Downloaded newer image\") from an image that "
                       "is already here (\"Image is up to date\")",)))
    found = _credentials_for_explain(key)
    if found:
        username, source = found
        if username is None:
            username = "<user name from %s>" % source.split(" ", 1)[0].strip("`")
        action = "read the credentials for %s: %s, user %s" % (key, source, username)
        label = "credentials for %s (user %s; the password is sent, never shown)" % (
            key, username)
    else:
        action = ("read the credentials for %s from docker's config.json (none are stored: "
                  "the pull is anonymous)" % key)
        label = "credentials for %s (none: an anonymous pull)" % key
        plan.notes.append("No credentials are stored for %s in docker's config.json: the pull "
                          "is anonymous (`docker login%s` stores some)."
                          % (key, "" if key.startswith("https://") else " " + key))
    plan.add(Step("credentials", node="dockercri.node.credentials:read_credentials",
                  request={"registry": key}, action=action))
    named = (("%s is %s by docker's naming rules" % (intent.args[0], ref.full),)
             if intent.args[0] != ref.full else ())
    from dockercri.plan.common import PULL_PROGRESS
    from dockercri.plan.model import Check
    plan.add(Step("pull", "ImageService.PullImage",
                  pull_request(ref.full, Ref("credentials", "", label)), errors=DAEMON_ERRORS,
                  during=Check("dockercri.render.progress:on_stdout", PULL_PROGRESS,
                               (ref.familiar, bool(intent.opt("quiet")),
                                "%s: Pulling from %s" % (ref.digest or ref.tag, ref.path))),
                  why=named + (("auth: the registry's credentials from docker's config.json",)
                               if found else ())))
    if not intent.opt("quiet"):
        plan.add(Step("after", "ImageService.ImageStatus", {"image": {"image": ref.full}},
                      errors=DAEMON_ERRORS,
                      why=("Digest: the manifest digest the runtime recorded in repo_digests",)))
    creds = ""
    if found:
        creds = ("--creds %s:<password>" % found[0]) if found[0] else "--creds <user>:<password>"
    plan.crictl.append(crictl_line("crictl pull", creds, ref.full))
    return plan


# -- rmi ----------------------------------------------------------------------
UNTAG_NOTE = ("CRI has no untag: RemoveImage deletes the image with every tag and digest it has. "
              "Where docker would only untag the name given (the image has other tags), dockercri "
              "refuses and names the other tags; -f removes the image with all of them.")


def plan_rmi(intent, command):
    plan = start(command, intent)
    force = bool(intent.opt("force"))
    plan.add(Step("containers", "RuntimeService.ListContainers", {},
                  why=("an image a container uses (Container.image_ref) is refused as docker "
                       "refuses it; -f overrides that for stopped containers, never for "
                       "running ones",)))
    for index, name in enumerate(intent.args, 1):
        images, find = "images%d" % index, "find%d" % index
        plan.add(Step(images, "ImageService.ListImages", {}, group=index,
                      why=("the images as they are now (an earlier name may have removed "
                           "one)",) if index > 1 else ()))
        plan.add(Step(find, pick=Pick("image", name, images=images), group=index,
                      errors="dockercri.commands.images:image_not_found"))
        plan.add(Step("check%d" % index, node="dockercri.commands.images:removal_check",
                      request={"name": name, "force": force,
                               "image": Ref(find, "", "the image")}, group=index,
                      action="docker's removal checks for %s: containers of step 1 using it "
                             "(running: never; stopped: only with -f), its other tags and "
                             "repositories (only with -f: CRI removes them all), pinned "
                             "(only with -f)" % name))
        plan.add(Step("remove%d" % index, "ImageService.RemoveImage",
                      {"image": {"image": Ref(find, "id", "image id")}}, group=index,
                      errors=DAEMON_ERRORS))
        plan.crictl.append("crictl rmi %s" % name)
    plan.notes.append(UNTAG_NOTE)
    return plan


# -- image prune --------------------------------------------------------------
PRUNE = "dockercri.commands.images:"


@rejects
def plan_image_prune(intent, command):
    from dockercri.plan.model import Check
    from dockercri.plan.prune import prune_filters

    wanted = prune_filters(intent)  # docker's daemon checks the filter before removing anything
    plan = start(command, intent)
    everything = bool(intent.opt("all"))
    confirmed = None
    if not intent.opt("force"):
        plan.add(Step("confirm", node=PRUNE + "confirm_prune", request={"all": everything},
                      action="ask for confirmation (docker's prompt; only y or Y goes on)"))
        confirmed = Check(PRUNE + "prune_confirmed", "only when the answer was yes")
    plan.add(Step("images", "ImageService.ListImages", {}, when=confirmed))
    plan.add(Step("containers", "RuntimeService.ListContainers", {}, when=confirmed,
                  why=("images a container uses (image_ref, any state) are kept",)))
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True}, optional=True,
                  when=confirmed,
                  why=("the runtime's pod sandbox (pause) image, kept while the runtime "
                       "may need it for new pods",)))
    what = ("that no container uses, that is not pinned (Image.pinned) nor the sandbox "
            "image%s" % ("" if everything else ", and that has no tag (dangling)"))
    test = PRUNE + ("prunable" if everything else "prunable_dangling")
    if wanted:
        plan.add(Step("image_status", "ImageService.ImageStatus",
                      {"image": {"image": Ref("@each", "id", "id of each such image")},
                       "verbose": True},
                      each=Ref("images", "images", "the images"), when=confirmed, optional=True,
                      where=Check(test, what),
                      why=("--filter until=/label=: the image config's creation time and "
                           "labels, which CRI's Image message lacks [emulated]",)))
        test, what = PRUNE + "prunable_filtered", what + ", matching --filter"
    plan.add(Step("remove", "ImageService.RemoveImage",
                  {"image": {"image": Ref("@each", "id", "id of each image to remove")}},
                  each=Ref("images", "images", "the images"), when=confirmed, optional=True,
                  where=Check(test, what, (intent,) if wanted else ()),
                  action="an image already gone or still in use is skipped, as docker's "
                         "prune skips it"))
    if everything:
        plan.crictl.append("crictl rmi --prune")
    else:
        plan.crictl.append("crictl rmi $(crictl images --filter dangling=true -q)")
    return plan


# -- login, logout ------------------------------------------------------------
def _redact_flags(plan):
    plan.flags[:] = [use.replace(value=REDACTED) if use.flag == "--password"
                     else use for use in plan.flags]


AUTH = "dockercri.commands.images:"


def plan_login(intent, command):
    from dockercri.auth import INDEX_SERVER, DockerConfig, server_key
    from dockercri.auth.verify import base_url
    from dockercri.plan.model import Check

    plan = start(command, intent)
    _redact_flags(plan)
    _arity_at_most_one(intent, command)
    server = intent.args[0] if intent.args else None
    key = server_key(server)
    endpoint = base_url(key, server) + "/v2/"
    user = intent.opt("username") or "<user name>"
    check = ("HTTP basic auth, or, when the registry answers 401 with \"WWW-Authenticate: "
             "Bearer realm=...\", a token from that realm first (what docker's daemon does "
             "before anything is stored)")
    config = DockerConfig.locate()
    needed = None
    typed = intent.opt("username") or intent.opt("password") or intent.opt("password_stdin")
    if not typed:
        plan.add(Step("existing", node=AUTH + "login_with_stored",
                      request={"registry": key, "server": server},
                      action="try the credentials %s holds for %s, if any (docker "
                             "prints \"Authenticating with existing credentials...\"): GET %s, "
                             "%s" % (config.path, key, endpoint, check)))
        needed = Check(AUTH + "not_logged_in", "only when no stored credentials were accepted")
    plan.add(Step("ask", node=AUTH + "ask_credentials", when=needed,
                  request={"registry": key, "username": intent.opt("username") or ""},
                  action="the user name and password: %s" % (
                      "--password-stdin reads the password from standard input"
                      if intent.opt("password_stdin") else "-p" if intent.opt("password")
                      else "asked for on the terminal (the password without echo)")))
    plan.add(Step("verify", node=AUTH + "verify_login", when=needed,
                  request={"registry": key, "server": server},
                  action="GET %s as %s: %s" % (endpoint, user, check)))
    try:
        helper = config.helper_for(key)
    except Exception:  # noqa: BLE001 - explain describes; the runner reports the error
        helper = None
    if helper:
        where = "`docker-credential-%s store` (and an empty \"auths\" entry \"%s\" in %s)" % (
            helper, key, config.path)
    else:
        where = "the \"auths\" entry \"%s\" of %s, base64 user:password, file mode 0600" % (
            key, config.path)
    plan.add(Step("store", node=AUTH + "store_credentials", request={"registry": key},
                  action="store the credentials in %s" % where))
    plan.crictl.append("(none: crictl takes credentials with each pull: crictl pull --creds "
                       "USER:<password> IMAGE)")
    if key == INDEX_SERVER:
        plan.notes.append("Without SERVER, Docker Hub (%s)." % INDEX_SERVER)
    plan.notes.append("Later pulls from %s send these credentials as PullImageRequest.auth." % key)
    return plan


def plan_logout(intent, command):
    from dockercri.auth import DockerConfig, server_key
    from dockercri.plan.model import Check

    plan = start(command, intent)
    _arity_at_most_one(intent, command)
    server = intent.args[0] if intent.args else None
    key = server_key(server)
    config = DockerConfig.locate()
    plan.add(Step("find", node=AUTH + "find_logins", request={"server": server},
                  action="find the entries for %s in %s (with and without its scheme, as "
                         "docker looks)" % (key, config.path)))
    plan.add(Step("erase", node=AUTH + "erase_logins",
                  when=Check(AUTH + "logged_in", "only when there are some"),
                  action="remove them, and the credentials the credential helper holds for "
                         "them (`docker-credential-<helper> erase`) when one is configured"))
    plan.crictl.append("(none: crictl keeps no credentials)")
    return plan
