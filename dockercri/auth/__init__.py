"""docker's registry credentials: config.json, credential helpers, and login checks.

dockercri keeps credentials exactly where and how the docker CLI keeps them, so
a node that already has `docker login` credentials pulls with them, and what
`dockercri login` stores docker can read:

* `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`;
* `auths` entries keyed by registry (`https://index.docker.io/v1/` for Docker
  Hub, `host[:port]` for the others) holding base64 `user:password` in `auth`,
  or an `identitytoken`;
* `credHelpers` (per registry) and `credsStore` (every registry) name a
  `docker-credential-<helper>` program spoken to with docker's JSON protocol
  (`get`, `store`, `erase` on stdin/stdout).

No secret is ever part of a message, a repr or an explain text: `Credentials`
shows `<redacted>` in their place.
"""

from dockercri.auth.store import (  # noqa: F401 - the package's interface
    INDEX_SERVER, REDACTED, Credentials, CredentialsError, DockerConfig, hostname,
    registry_key, server_key)
