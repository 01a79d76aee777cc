"""Settings in /etc/docker/daemon.json that containerd and the kubelet never read,
each with where it belongs now."""

import json
import re

from dockercri.doctor import kubelet, registries
from dockercri.doctor.report import ok, skip, warn

DAEMON_JSON = registries.DAEMON_JSON
CONTAINERD_DROP_INS = "/etc/systemd/system/containerd.service.d"
ULIMIT_DIRECTIVES = {
    "nofile": "LimitNOFILE", "nproc": "LimitNPROC", "core": "LimitCORE",
    "memlock": "LimitMEMLOCK", "stack": "LimitSTACK", "fsize": "LimitFSIZE",
    "cpu": "LimitCPU", "as": "LimitAS", "data": "LimitDATA", "locks": "LimitLOCKS",
    "msgqueue": "LimitMSGQUEUE", "nice": "LimitNICE", "rtprio": "LimitRTPRIO",
    "rttime": "LimitRTTIME", "sigpending": "LimitSIGPENDING", "rss": "LimitRSS",
}
OTHER_SETTINGS = {
    "data-root": "images and volumes below it are not seen by containerd: pull them again, "
                 "or `docker save IMAGE | ctr -n k8s.io images import -` before removing Docker",
    "graph": "images and volumes below it are not seen by containerd: pull them again",
    "exec-opts": "a cgroup driver here is runc's SystemdCgroup in containerd's config now",
    "storage-driver": "containerd uses its snapshotter (`snapshotter` in its CRI config)",
    "bip": "pod addresses come from the cluster's CNI network add-on",
    "default-address-pools": "pod addresses come from the cluster's CNI network add-on",
    "fixed-cidr": "pod addresses come from the cluster's CNI network add-on",
    "dns": "pods get DNS from the kubelet's clusterDNS; host-network pods from /etc/resolv.conf",
    "dns-search": "pods get DNS from the kubelet's clusterDNS; host-network pods from "
                  "/etc/resolv.conf",
    "proxies": "set HTTP_PROXY/HTTPS_PROXY/NO_PROXY with Environment= in a containerd.service "
               "drop-in",
    "max-concurrent-downloads": "max_concurrent_downloads in containerd's CRI config",
}


def read(node):
    """(settings, error): ({}, None) when there is no daemon.json."""
    def make():
        text = node.read(DAEMON_JSON)
        if text is None:
            return None, None
        try:
            data = json.loads(text)
        except ValueError as error:
            return None, str(error)
        return (data, None) if isinstance(data, dict) else (None, "not a JSON object")
    return node.memo("daemon.json", make)


def check_daemon_json(node):
    """All daemon.json checks; one skip line when there is no daemon.json."""
    if not node.exists(DAEMON_JSON):
        return [skip("docker/daemon.json", "no %s" % DAEMON_JSON)]
    daemon, error = read(node)
    if error:
        return [warn("docker/daemon.json", "%s is not valid JSON (%s): its settings cannot be "
                     "compared" % (DAEMON_JSON, error), "review %s by hand" % DAEMON_JSON)]
    return (_mirrors(node, daemon) + _insecure(node, daemon) + _logging(node, daemon)
            + _ulimits(node, daemon) + _others(daemon))


def _migrated_fix(node, pending):
    if pending:
        return "dockercri doctor --migrate-registries    # --dry-run first to see the files"
    return registries.config_path_fix(node)


def _mirrors(node, daemon):
    name = "docker/registry-mirrors"
    urls = registries.mirror_urls(daemon)
    if not urls:
        return [skip(name, "%s sets no registry-mirrors" % DAEMON_JSON)]
    path = registries.hosts_file(node, registries.DOCKER_HUB)
    text = node.read(path) if path else ""
    missing = [url for url in urls if '[host."%s"]' % url not in (text or "")]
    if missing:
        return [warn(name, "containerd does not use %s for Docker Hub" % ", ".join(missing),
                     _migrated_fix(node, True))]
    fix = registries.config_path_fix(node)
    if fix:
        return [warn(name, "%s lists the mirrors, but containerd's config_path does not name %s"
                     % (path, registries.CERTS_D), fix)]
    return [ok(name, "mirrors of docker.io in %s" % path)]


def _insecure(node, daemon):
    name = "docker/insecure-registries"
    hosts, networks = registries.insecure_hosts(daemon)
    if not hosts and not networks:
        return [skip(name, "%s sets no insecure-registries" % DAEMON_JSON)]
    results = []
    missing = []
    for host in hosts:
        path = registries.hosts_file(node, host)
        text = node.read(path) if path else ""
        if "skip_verify = true" not in (text or "") and '"http://%s"' % host not in (text or ""):
            missing.append(host)
    config_fix = registries.config_path_fix(node)
    if missing:
        results.append(warn(name, "containerd verifies TLS of %s" % ", ".join(missing),
                            _migrated_fix(node, True)))
    elif hosts and config_fix:
        results.append(warn(name, "hosts.toml files exist for %s, but containerd's config_path "
                            "does not name %s" % (", ".join(hosts), registries.CERTS_D),
                            config_fix))
    elif hosts:
        results.append(ok(name, "%s in %s" % (", ".join(hosts), registries.CERTS_D)))
    if networks:
        results.append(warn(name + "/networks",
                            "%s: containerd has no setting for whole networks"
                            % ", ".join(networks),
                            "write a hosts.toml for each registry in them: "
                            "%s/<host:port>/hosts.toml with skip_verify = true"
                            % registries.CERTS_D))
    return results


def kubelet_size(value):
    """docker's max-size ("10m", binary units) as a kubelet quantity ("10Mi")."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgtKMGT]?)[bB]?\s*", str(value))
    if not match:
        return None
    number, unit = match.groups()
    return number + (unit.upper() + "i" if unit else "")


def _logging(node, daemon):
    name = "docker/log-opts"
    results = []
    log_driver = daemon.get("log-driver")
    if log_driver and log_driver not in ("json-file", "local"):
        results.append(warn("docker/log-driver",
                            "log-driver %s: CRI runtimes only write log files below /var/log/pods"
                            % log_driver,
                            "collect /var/log/pods/*/*/*.log with a node log agent "
                            "(fluent-bit, vector, promtail) instead"))
    opts = daemon.get("log-opts") or {}
    size, files = opts.get("max-size"), opts.get("max-file")
    if size is None and files is None:
        return results + [skip(name, "%s sets no log-opts max-size/max-file" % DAEMON_JSON)]
    has = kubelet.read(node).config or {}
    wanted = []
    if size is not None and not has.get("containerLogMaxSize"):
        wanted.append("containerLogMaxSize: %s" % (kubelet_size(size) or size))
    if files is not None and not has.get("containerLogMaxFiles"):
        wanted.append("containerLogMaxFiles: %s" % files)
    docker = ", ".join("%s=%s" % (k, v) for k, v in (("max-size", size), ("max-file", files))
                       if v is not None)
    if wanted:
        results.append(warn(name, "%s is not applied: the kubelet rotates container logs by its "
                            "own containerLogMaxSize/containerLogMaxFiles (10Mi, 5)" % docker,
                            "in %s set:\n%s\nsystemctl restart kubelet"
                            % (kubelet.CONFIG, "\n".join(wanted))))
    else:
        results.append(ok(name, "%s: the kubelet rotates logs at containerLogMaxSize %s, "
                          "containerLogMaxFiles %s" % (docker, has.get("containerLogMaxSize", "-"),
                                                       has.get("containerLogMaxFiles", "-"))))
    return results


def _limit(value):
    return "infinity" if value in (-1, None) else str(value)


def _ulimits(node, daemon):
    name = "docker/default-ulimits"
    limits = daemon.get("default-ulimits") or {}
    if not limits:
        return [skip(name, "%s sets no default-ulimits" % DAEMON_JSON)]
    drop_ins = "\n".join(node.read(p) or "" for p in node.glob(CONTAINERD_DROP_INS, "*.conf"))
    wanted, unknown = [], []
    for key, limit in sorted(limits.items()):
        limit = limit if isinstance(limit, dict) else {}
        directive = ULIMIT_DIRECTIVES.get(str(limit.get("Name") or key))
        if directive is None:
            unknown.append(key)
            continue
        line = "%s=%s:%s" % (directive, _limit(limit.get("Soft")), _limit(limit.get("Hard")))
        if line not in drop_ins.split("\n"):
            wanted.append(line)
    if not wanted and not unknown:
        return [ok(name, "set for containerd in %s" % CONTAINERD_DROP_INS)]
    detail = "containers inherit containerd's own limits, not daemon.json's default-ulimits"
    fixes = []
    if wanted:
        fixes.append("systemctl edit containerd, and add:\n[Service]\n%s\n"
                     "then systemctl restart containerd" % "\n".join(wanted))
    if unknown:
        fixes.append("%s: set process.rlimits in a base_runtime_spec of containerd's runtime"
                     % ", ".join(unknown))
    return [warn(name, detail, "\n".join(fixes))]


def _others(daemon):
    found = [(key, OTHER_SETTINGS[key]) for key in daemon if key in OTHER_SETTINGS]
    if not found:
        return []
    lines = "\n".join("%s: %s" % pair for pair in found)
    return [warn("docker/other-settings", "%d more setting(s) containerd does not read:\n%s"
                 % (len(found), lines), "carry each over as its line says; none is read once "
                 "Docker is gone")]
