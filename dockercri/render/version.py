"""docker 19.03's version objects and text: what `docker version`, `docker -v` and
`docker info` say about the engine.

dockercri implements docker 19.03's behaviour, so it reports that docker version
(installers gate on it: `docker -v | awk '{print $3}'`, `version >= 1.12`); the
CRI runtime, runc and dockercri itself are the server's components, where docker
names containerd, runc and docker-init.
"""

import os
import platform

from dockercri import __version__

DOCKER_VERSION = "19.03.15"
API_VERSION = "1.40"
MIN_API_VERSION = "1.12"
BUILD = "dockercri-%s" % __version__   # where docker prints its git commit


def arch():
    machine = platform.machine()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def language_version():
    """Where docker names its Go version: the language dockercri runs on."""
    return "python" + platform.python_version()


def version_flag_line():
    """`docker -v`: `Docker version 19.03.15, build 99e3ed8` in docker's shape."""
    return "Docker version %s, build %s" % (DOCKER_VERSION, BUILD)


def _go_string(value):
    from dockercri.gotemplate.functions import _print
    return _print(value)


class GoStruct:
    """A Go struct for templates: fields by Go name, `{{json .}}` keys by their JSON
    name (APIVersion is "ApiVersion" in JSON), an unknown field is docker's
    "can't evaluate field X in type T" (exit 1), never `<no value>`."""

    __go_type__ = "struct"
    FIELDS = ()   # (Go name, JSON name, omitempty)

    def __init__(self, **values):
        for name, _, _ in self.FIELDS:
            setattr(self, name, values.get(name, ""))

    def MarshalJSON(self):
        out = {}
        for name, key, omitempty in self.FIELDS:
            value = getattr(self, name)
            if omitempty and value in ("", None, False, 0):
                continue
            out[key] = value
        return out

    def __str__(self):
        return "{%s}" % " ".join(_go_string(getattr(self, name)) for name, _, _ in self.FIELDS)


class Platform(GoStruct):
    __go_type__ = "struct { Name string }"
    FIELDS = (("Name", "Name", False),)


class ClientVersion(GoStruct):
    __go_type__ = "system.clientVersion"
    FIELDS = (("Platform", "Platform", False), ("Version", "Version", False),
              ("APIVersion", "ApiVersion", False), ("DefaultAPIVersion", "DefaultAPIVersion", False),
              ("GitCommit", "GitCommit", False), ("GoVersion", "GoVersion", False),
              ("Os", "Os", False), ("Arch", "Arch", False), ("BuildTime", "BuildTime", False),
              ("Experimental", "Experimental", False))


class ComponentVersion(GoStruct):
    __go_type__ = "types.ComponentVersion"
    FIELDS = (("Name", "Name", False), ("Version", "Version", False),
              ("Details", "Details", True))


class ServerVersion(GoStruct):
    __go_type__ = "*types.Version"
    FIELDS = (("Platform", "Platform", False), ("Components", "Components", True),
              ("Version", "Version", False), ("APIVersion", "ApiVersion", False),
              ("MinAPIVersion", "MinAPIVersion", True), ("GitCommit", "GitCommit", False),
              ("GoVersion", "GoVersion", False), ("Os", "Os", False), ("Arch", "Arch", False),
              ("KernelVersion", "KernelVersion", True), ("Experimental", "Experimental", True),
              ("BuildTime", "BuildTime", True))

    def __str__(self):
        return "&" + GoStruct.__str__(self)


class NoServer:
    """The Server of a version that could not ask the runtime: Go's nil *types.Version
    (prints <nil>, JSON null, a field of it fails the template)."""

    __go_type__ = "*types.Version"

    def MarshalJSON(self):
        return "null"

    def __str__(self):
        return "<nil>"


class VersionInfo(GoStruct):
    __go_type__ = "system.versionInfo"
    FIELDS = (("Client", "Client", False), ("Server", "Server", False))


def client_version():
    return ClientVersion(Platform=Platform(Name=""), Version=DOCKER_VERSION,
                         APIVersion=API_VERSION, DefaultAPIVersion=API_VERSION, GitCommit=BUILD,
                         GoVersion=language_version(), Os="linux", Arch=arch(), BuildTime="",
                         Experimental=False)


def server_version(runtime, endpoint, client_api, runc=None):
    """docker's types.Version: the Engine (docker 19.03's version and API, as dockercri
    implements them), the CRI runtime from CRI's Version call, runc, dockercri."""
    kernel = os.uname().release
    engine = ComponentVersion(Name="Engine", Version=DOCKER_VERSION, Details={
        "ApiVersion": API_VERSION, "Arch": arch(), "BuildTime": "", "Experimental": "false",
        "GitCommit": BUILD, "GoVersion": language_version(), "KernelVersion": kernel,
        "MinAPIVersion": MIN_API_VERSION, "Os": "linux"})
    components = [engine, ComponentVersion(
        Name=runtime.runtime_name, Version=runtime.runtime_version,
        Details={"CRIApiVersion": runtime.runtime_api_version,
                 "CRIClientAPI": "runtime." + client_api, "Endpoint": endpoint,
                 "GitCommit": ""})]
    if runc:
        components.append(ComponentVersion(Name="runc", Version=runc[0],
                                           Details={"GitCommit": runc[1]}))
    components.append(ComponentVersion(Name="dockercri", Version=__version__,
                                       Details={"GitCommit": ""}))
    return ServerVersion(Platform=Platform(Name=""), Components=components,
                         Version=DOCKER_VERSION, APIVersion=API_VERSION,
                         MinAPIVersion=MIN_API_VERSION, GitCommit=BUILD,
                         GoVersion=language_version(), Os="linux", Arch=arch(),
                         KernelVersion=kernel, Experimental=False, BuildTime="")


def _rows(rows, indent):
    # docker's tabwriter (minwidth 20, padding 1): values start at column 20.
    return ["%-20s%s" % (indent + key + ":", value) for key, value in rows]


def client_text(client):
    header = "Client:" + (" " + client.Platform.Name if client.Platform.Name else "")
    return "\n".join([header] + _rows([
        ("Version", client.Version), ("API version", client.APIVersion),
        ("Go version", client.GoVersion), ("Git commit", client.GitCommit),
        ("Built", client.BuildTime), ("OS/Arch", "%s/%s" % (client.Os, client.Arch)),
        ("Experimental", str(client.Experimental).lower())], " "))


def server_text(server):
    lines = ["Server:" + (" " + server.Platform.Name if server.Platform.Name else "")]
    for component in server.Components:
        lines.append(" %s:" % component.Name)
        details = component.Details
        if component.Name == "Engine":
            lines += _rows([
                ("Version", component.Version),
                ("API version", "%s (minimum version %s)" % (details["ApiVersion"],
                                                             details["MinAPIVersion"])),
                ("Go version", details["GoVersion"]), ("Git commit", details["GitCommit"]),
                ("Built", details["BuildTime"]),
                ("OS/Arch", "%s/%s" % (details["Os"], details["Arch"])),
                ("Experimental", details["Experimental"])], "  ")
            continue
        lines += _rows([("Version", component.Version)] + sorted(details.items()), "  ")
    return "\n".join(lines)
