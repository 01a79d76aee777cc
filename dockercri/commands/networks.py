"""network ls/inspect: host, none and the runtime's CNI pod network(s), as docker shows networks."""

import hashlib
import json

from dockercri import filters
from dockercri.errors import DockerCLIError
from dockercri.mapping import transforms
from dockercri.verbose import verbose_info

NETWORK_FILTERS = ("driver", "id", "label", "name", "scope", "type")
ZERO_TIME = "0001-01-01T00:00:00Z"  # CRI does not say when the CNI config was made


class Network:
    def __init__(self, name, driver, subnets=(), options=None, builtin=True):
        self.name, self.driver, self.subnets, self.builtin = name, driver, list(subnets), builtin
        self.options = options or {}
        # docker's ids are random; ours derive from the name so they are stable between calls
        self.id = hashlib.sha256(("dockercri-network:" + name).encode()).hexdigest()


def _subnets(plugin_source):
    try:
        ipam = json.loads(plugin_source).get("ipam") or {}
    except (ValueError, AttributeError):
        return []
    found = [item["subnet"] for group in ipam.get("ranges") or [] for item in group
             if isinstance(item, dict) and item.get("subnet")]
    return found or ([ipam["subnet"]] if ipam.get("subnet") else [])


def cni_networks(info):
    """The pod networks in containerd's verbose Status (the loopback network is not one)."""
    out = []
    for network in ((info or {}).get("cniconfig") or {}).get("Networks") or []:
        config = network.get("Config") or {}
        plugins = config.get("Plugins") or []
        if not config.get("Name") or config["Name"] == "cni-loopback":
            continue
        first = plugins[0] if plugins else {}
        driver = (first.get("Network") or {}).get("type") or "cni"
        options = {"cni.conf.name": config["Name"], "cni.ifname": network.get("IFName", "")}
        # builtin, as docker's own bridge is: the node made it, no docker user did, and
        # it cannot be removed here (scripts that clean up `--filter type=custom` networks
        # must find nothing to remove)
        out.append(Network(config["Name"], driver, _subnets(first.get("Source") or "{}"),
                           options, builtin=True))
    return out


def networks(results):
    found = [Network("host", "host"), Network("none", "null")]
    found += cni_networks(verbose_info(results["status"]))
    return sorted(found, key=lambda network: network.name)


class NetworkContext:
    __go_type__ = "*formatter.networkContext"
    HEADERS = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE",
               "IPv6": "IPV6", "Internal": "INTERNAL", "Labels": "LABELS", "Label": "LABEL",
               "CreatedAt": "CREATED AT"}
    DEFAULT = ("ID", "Name", "Driver", "Scope")

    def __init__(self, network, trunc=True):
        self.network, self.trunc = network, trunc

    def ID(self):
        return self.network.id[:12] if self.trunc else self.network.id

    def Name(self):
        return self.network.name

    def Driver(self):
        return self.network.driver

    def Scope(self):
        return "local"

    def IPv6(self):
        return "false"

    def Internal(self):
        return "false"

    def Labels(self):
        return ""

    def Label(self, name):
        return ""

    def CreatedAt(self):
        return "0001-01-01 00:00:00 +0000 UTC"

    def as_json(self):
        return {key: getattr(self, key)() for key in (
            "CreatedAt", "Driver", "ID", "IPv6", "Internal", "Labels", "Name", "Scope")}


def _matches(network, wanted):
    checks = {
        "name": lambda value: value in network.name,
        "id": lambda value: network.id.startswith(value),
        "driver": lambda value: network.driver == value,
        "scope": lambda value: value == "local",
        "type": lambda value: value == ("builtin" if network.builtin else "custom"),
        "label": lambda value: False,  # CNI networks carry no labels
    }
    return all(any(checks[key](value) for value in values) for key, values in wanted.items())


def run_network_ls(intent, plan, session):
    from dockercri.render.output import write

    wanted = filters.parse([transforms.filter_pair(raw) for raw in intent.opt("filter") or ()],
                           NETWORK_FILTERS)
    for value in wanted.get("type", ()):
        if value not in ("builtin", "custom"):
            raise DockerCLIError("Error response from daemon: Invalid filter: 'type'='%s'" % value,
                                 exit_code=1)
    results = session.executor.execute(plan, session)
    found = [network for network in networks(results) if _matches(network, wanted)]
    trunc = not intent.opt("no_trunc")
    if intent.opt("quiet"):
        for network in found:
            session.out(NetworkContext(network, trunc).ID())
        return 0
    contexts = [NetworkContext(network, trunc) for network in found]
    write(session, intent.opt("format"), contexts, NetworkContext.DEFAULT, NetworkContext.HEADERS)
    return 0


def network_json(network):
    from dockercri.render.inspect import GoMap, go_map
    return {
        "Name": network.name, "Id": network.id, "Created": ZERO_TIME, "Scope": "local",
        "Driver": network.driver, "EnableIPv6": False,
        "IPAM": {"Driver": "default", "Options": None,
                 "Config": [{"Subnet": subnet} for subnet in network.subnets]},
        "Internal": False, "Attachable": False, "Ingress": False,
        "ConfigFrom": {"Network": ""}, "ConfigOnly": False, "Containers": GoMap(),
        "Options": go_map(network.options), "Labels": GoMap(),
    }


def _find(found, name):
    """docker's order: full id, then name, then a unique id prefix."""
    for test in (lambda n: n.id == name, lambda n: n.name == name):
        hits = [network for network in found if test(network)]
        if hits:
            return hits[0]
    hits = [network for network in found if name and network.id.startswith(name)]
    return hits[0] if len(hits) == 1 else None


def run_network_inspect(intent, plan, session):
    from dockercri.commands.inspect import TemplateFailed, formatted, parse_format
    from dockercri.errors import PlainError
    from dockercri.render.inspect import dump

    results = session.executor.execute(plan, session)
    found = networks(results)
    template = parse_format(intent.opt("format")) if intent.opt("format") else None
    documents, written, errors = [], [], []
    for name in intent.args:
        network = _find(found, name)
        if network is None:
            errors.append("Error: No such network: %s" % name)
        elif template is not None:
            try:
                written.append(formatted(template, network_json(network)))
            except TemplateFailed as failure:
                errors.append(str(failure))
        else:
            documents.append(network_json(network))
    if template is not None:
        session.out("\n".join(written) if written else "")
    else:
        session.out(dump(documents))
    if errors:  # whole messages, printed as they are
        raise PlainError("\n".join(errors), exit_code=1)
    return 0


def run_network_prune(intent, plan, session):
    from dockercri.commands.prompt import confirm
    from dockercri.plan.common import refuse_if_needed

    refuse_if_needed(plan, session)
    if not intent.opt("force") and not confirm(
            session, "WARNING! This will remove all custom networks not used by at least one "
                     "container.\nAre you sure you want to continue?"):
        return 0
    # the daemon checks the filter once asked, after the prompt
    filters.parse([transforms.filter_pair(raw) for raw in intent.opt("filter") or ()],
                  ("until", "label", "label!"))
    return 0
