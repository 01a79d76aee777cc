"""docker's credentials for a registry, read from the node's docker config (config.json,
credential stores and helpers), as `docker pull` sends them."""

from dockercri.errors import DockerCLIError


def stored(session, key):
    """The CRI AuthConfig stored for registry `key`, or None. A config file docker cannot
    read is a warning, as docker's; a failing credential helper raises CredentialsError."""
    from dockercri.auth import CredentialsError, DockerConfig
    try:
        found = DockerConfig.locate(session.env.environ).get(key)
    except CredentialsError as error:
        if not str(error).startswith("Error loading config file"):
            raise
        session.err("WARNING: %s" % error)
        return None
    return found.cri() if found else None


def read_credentials(context, request):
    """Node step of pull: the credentials for request["registry"]; a failing credential
    helper ends the pull with its message, bare, as docker's client prints it."""
    from dockercri.auth import CredentialsError
    try:
        return stored(context.session, request["registry"])
    except CredentialsError as error:
        context.session.err(str(error))
        raise DockerCLIError("", exit_code=1)


def auth_for_reference(session, typed):
    """The AuthConfig for the registry an image reference names (run's implicit pull)."""
    from dockercri.auth import CredentialsError, registry_key
    from dockercri.errors import daemon_error
    from dockercri.plan.images import InvalidReference, parse_reference
    try:
        ref = parse_reference(typed)
    except InvalidReference:
        return None
    try:
        return stored(session, registry_key(ref.domain))
    except CredentialsError as error:
        raise daemon_error(str(error))
