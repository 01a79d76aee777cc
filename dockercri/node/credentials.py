"""docker's credentials for a registry, read from the node's docker config (config.json,
credential stores and helpers), as `docker pull` sends them."""


def credentials(session, key):
    from dockercri.auth import CredentialsError, DockerConfig
    from dockercri.errors import daemon_error

    try:
        return DockerConfig.locate(session.env.environ).get(key)
    except CredentialsError as error:
        if str(error).startswith("Error loading config file"):
            session.err("WARNING: %s" % error)
            return None
        raise daemon_error(str(error))


def auth_for_reference(session, typed):
    """The AuthConfig for the registry an image reference names, or None."""
    from dockercri.auth import registry_key
    from dockercri.plan.images import InvalidReference, parse_reference
    try:
        ref = parse_reference(typed)
    except InvalidReference:
        return None
    found = credentials(session, registry_key(ref.domain))
    return found.cri() if found else None
