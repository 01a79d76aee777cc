"""daemon.json's registry-mirrors and insecure-registries as containerd hosts.toml files.

Docker tries an insecure registry over HTTPS without verifying its certificate,
then over plain HTTP; the hosts.toml written here lists the same two hosts in
the same order. Mirrors of Docker Hub become hosts of docker.io.
"""

import ipaddress
import os
import tempfile

from dockercri.doctor import containerd

MARKER = "# written by dockercri doctor --migrate-registries"
CERTS_D = "/etc/containerd/certs.d"
DAEMON_JSON = "/etc/docker/daemon.json"
DOCKER_HUB = "docker.io"
HUB_SERVER = "https://registry-1.docker.io"


def _host_of(url):
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0]


def mirror_urls(daemon):
    urls = []
    for url in daemon.get("registry-mirrors") or []:
        url = str(url).strip().rstrip("/")
        if url and "://" not in url:
            url = "https://" + url
        if url and url not in urls:
            urls.append(url)
    return urls


def insecure_hosts(daemon):
    """(hosts, networks): registries named one by one, and CIDRs hosts.toml cannot express."""
    hosts, networks = [], []
    for entry in daemon.get("insecure-registries") or []:
        entry = str(entry).strip().rstrip("/").split("://", 1)[-1]
        if not entry:
            continue
        if "/" in entry:
            try:
                ipaddress.ip_network(entry, strict=False)
                networks.append(entry)
                continue
            except ValueError:
                entry = entry.split("/", 1)[0]
        if entry not in hosts:
            hosts.append(entry)
    return hosts, networks


def _host_block(url, capabilities, skip_verify=False):
    lines = ['[host."%s"]' % url,
             "  capabilities = [%s]" % ", ".join('"%s"' % c for c in capabilities)]
    if skip_verify:
        lines.append("  skip_verify = true")
    return "\n".join(lines) + "\n"


def hosts_files(daemon):
    """host → hosts.toml text, for every registry daemon.json configures."""
    insecure, _ = insecure_hosts(daemon)
    files = {}
    mirrors = mirror_urls(daemon)
    if mirrors:
        blocks = [_host_block(url, ("pull", "resolve"),
                              url.startswith("https://") and _host_of(url) in insecure)
                  for url in mirrors]
        files[DOCKER_HUB] = "%s\n# from registry-mirrors in %s\nserver = \"%s\"\n\n%s" % (
            MARKER, DAEMON_JSON, HUB_SERVER, "\n".join(blocks))
    for host in insecure:
        if host == DOCKER_HUB:
            continue
        blocks = [_host_block("https://" + host, ("pull", "resolve", "push"), True),
                  _host_block("http://" + host, ("pull", "resolve", "push"))]
        files[host] = "%s\n# from insecure-registries in %s\nserver = \"https://%s\"\n\n%s" % (
            MARKER, DAEMON_JSON, host, "\n".join(blocks))
    return files


def config_path_lines(node):
    config = containerd.read_config(node)
    return ('[plugins."%s".registry]\n  config_path = "%s"'
            % (config.section_name("images"), CERTS_D))


def config_path_fix(node):
    """What makes containerd read CERTS_D; None when it already does."""
    config = containerd.read_config(node)
    if CERTS_D in config.registry_config_paths:
        return None
    fix = "in %s set:\n%s" % (config.path, config_path_lines(node))
    if config.has_mirrors_table:
        fix += "\nand remove its registry.mirrors tables (containerd refuses both)"
    return fix + "\nsystemctl restart containerd"


def hosts_file(node, host):
    """The hosts.toml containerd reads for host, or None."""
    dirs = containerd.read_config(node).registry_config_paths or [CERTS_D]
    for directory in dirs:
        path = "%s/%s/hosts.toml" % (directory.rstrip("/"), host)
        if node.exists(path):
            return path
    return None


class Change:
    def __init__(self, host, path, text, action):
        self.host, self.path, self.text, self.action = host, path, text, action


def migrate(node, daemon, dry_run=False, force=False):
    """Write (or only plan) hosts.toml files; returns Changes whose action is one of
    written, replaced, unchanged, kept (not ours, no --force), would write, would replace."""
    changes = []
    for host, text in hosts_files(daemon).items():
        path = "%s/%s/hosts.toml" % (CERTS_D, host)
        current = node.read(path) if node.exists(path) else None
        if current is None and node.exists(path):
            current = ""
        if current == text:
            action = "unchanged"
        elif current is not None and not current.startswith(MARKER + "\n") and not force:
            action = "kept"
        else:
            action = "replaced" if current is not None else "written"
            if dry_run:
                action = {"written": "would write", "replaced": "would replace"}[action]
            else:
                _write(node.path(path), text)
        changes.append(Change(host, path, text, action))
    return changes


def _write(target, text):
    directory = os.path.dirname(target)
    os.makedirs(directory, mode=0o755, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".hosts.toml.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
