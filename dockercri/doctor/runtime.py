"""The CRI runtime itself: does it answer, in which API version, and is it ready."""

from dockercri.doctor.report import fail, ok, skip, warn

UNREACHABLE = "the runtime is not reachable"


def unit_of(node):
    return {"cri-o": "crio"}.get(node.runtime.name or "", node.runtime.name or "containerd")


def check_reachable(node):
    runtime = node.runtime
    if not runtime.reachable:
        return [fail("runtime/reachable", runtime.error or UNREACHABLE,
                     "systemctl enable --now containerd    # or crio\n"
                     "a runtime on another socket: dockercri --runtime-endpoint "
                     "unix:///path/to/cri.sock doctor")]
    version = runtime.version
    detail = "%s %s at %s" % (version.runtime_name, version.runtime_version, runtime.endpoint)
    if runtime.name == "docker":
        return [warn("runtime/reachable", detail + ": cri-dockerd, so Docker Engine still "
                     "runs the containers",
                     "install containerd, then point the kubelet's containerRuntimeEndpoint "
                     "and /etc/crictl.yaml at unix:///run/containerd/containerd.sock")]
    return [ok("runtime/reachable", detail)]


def check_api_version(node):
    runtime = node.runtime
    if not runtime.reachable:
        return [skip("runtime/cri-api", UNREACHABLE)]
    version = runtime.api_version
    if version == "v1":
        return [ok("runtime/cri-api", "runtime.v1")]
    if runtime.api_forced:
        return [warn("runtime/cri-api", "%s, because --cri-api or DOCKERCRI_CRI_API chose it; "
                     "v1 was not tried" % version,
                     "dockercri doctor    # without --cri-api, DOCKERCRI_CRI_API unset")]
    return [warn("runtime/cri-api",
                 "the runtime speaks only %s, which is deprecated: kubelet >= 1.26 needs runtime.v1"
                 % version,
                 "upgrade the runtime: containerd >= 1.6, or CRI-O of the kubelet's minor version")]


def _condition(status, kind):
    for condition in status.status.conditions if status is not None else ():
        if condition.type == kind:
            return condition
    return None


def check_conditions(node):
    runtime = node.runtime
    if not runtime.reachable:
        return [skip("runtime/RuntimeReady", UNREACHABLE),
                skip("runtime/NetworkReady", UNREACHABLE)]
    if runtime.status is None:
        return [fail("runtime/RuntimeReady", "Status failed: %s" % runtime.error,
                     "journalctl -u %s" % unit_of(node)),
                skip("runtime/NetworkReady", "the runtime did not answer Status")]
    results = []
    cni = runtime.info.get("config", {}).get("cni", {}) if isinstance(
        runtime.info.get("config"), dict) else {}
    fixes = {
        "RuntimeReady": (fail, "journalctl -u %s" % unit_of(node)),
        "NetworkReady": (warn, "install the cluster's network add-on: it puts a CNI config in %s "
                               "and its plugins in %s" % (cni.get("confDir") or "/etc/cni/net.d",
                                                          cni.get("binDir") or "/opt/cni/bin")),
    }
    for kind in ("RuntimeReady", "NetworkReady"):
        condition = _condition(runtime.status, kind)
        report, fix = fixes[kind]
        if condition is None:
            results.append(report("runtime/" + kind, "the runtime does not report %s" % kind, fix))
        elif condition.status:
            results.append(ok("runtime/" + kind, "true"))
        else:
            why = ": ".join(part for part in (condition.reason, condition.message) if part)
            results.append(report("runtime/" + kind, "false" + (" (%s)" % why if why else ""), fix))
    return results
