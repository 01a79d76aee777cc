"""port: docker's `80/tcp -> 0.0.0.0:8080` lines from the pod sandbox's port mappings."""

from dockercri.errors import DockerCLIError
from dockercri.plan.ports import private_port
from dockercri.verbose import verbose_info

PROTOCOLS = {0: "tcp", 1: "udp", 2: "sctp", "TCP": "tcp", "UDP": "udp", "SCTP": "sctp"}


def mappings(pod_status):
    """[(container_port, proto, host_ip, host_port)] from PodSandboxStatus verbose info."""
    info = verbose_info(pod_status) or {}
    found = []
    for item in (info.get("config") or {}).get("port_mappings") or []:
        found.append((int(item.get("container_port", 0)),
                      PROTOCOLS.get(item.get("protocol", 0), str(item.get("protocol")).lower()),
                      item.get("host_ip") or "0.0.0.0", int(item.get("host_port", 0))))
    return sorted(found, key=lambda m: (m[0], m[1], m[2], m[3]))


def run_port(intent, plan, session):
    results = session.executor.execute(plan, session)
    found = mappings(results["pod"])
    if len(intent.args) > 1:
        port, proto = private_port(intent.args[1])
        lines = ["%s:%d" % (ip, host) for cport, cproto, ip, host in found
                 if (cport, cproto) == (port, proto)]
        if not lines:
            raise DockerCLIError("Error: No public port '%d/%s' published for %s"
                                 % (port, proto, intent.args[0]), exit_code=1)
        for line in lines:
            session.out(line)
        return 0
    for cport, cproto, ip, host in found:
        session.out("%d/%s -> %s:%d" % (cport, cproto, ip, host))
    return 0
