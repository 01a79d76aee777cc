"""docker's formatter contexts: one object per row, one method per placeholder.

`docker ps --format '{{.Names}}'` calls Names() on a container context; the
default tables are the same contexts printed through docker's default
columns, so --format and the plain output cannot disagree.
"""

import json

from dockercri.render import humanize, timefmt, views


class ContainerContext:
    __go_type__ = "*formatter.containerContext"  # named in template errors, as docker 19.03 does
    HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND",
               "CreatedAt": "CREATED AT", "RunningFor": "CREATED", "Ports": "PORTS",
               "Status": "STATUS", "Size": "SIZE", "Names": "NAMES", "Labels": "LABELS",
               "Label": "LABEL", "Mounts": "MOUNTS", "Networks": "NETWORKS",
               "LocalVolumes": "LOCAL VOLUMES", "State": "STATE"}
    DEFAULT = ("ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names")

    def __init__(self, view, now, trunc=True, size=""):
        self.view, self.now, self.trunc, self._size = view, now, trunc, size

    def ID(self):
        return views.short_id(self.view.id, not self.trunc)

    def Image(self):
        return self.view.image

    def Command(self):
        return views.quoted_command(self.view.command, self.trunc)

    def CreatedAt(self):
        return timefmt.go_time_string(self.view.created_ns)

    def RunningFor(self):
        return humanize.ago(self.now, self.view.created_ns)

    def Ports(self):
        return self.view.ports

    def Status(self):
        return views.status_text(self.view, self.now)

    def State(self):
        return self.view.docker_state

    def Size(self):
        return self._size

    def Names(self):
        return self.view.name

    def Labels(self):
        return ",".join("%s=%s" % item for item in sorted(self.view.docker_labels.items()))

    def Label(self, name):
        return self.view.docker_labels.get(name, "")

    def Mounts(self):
        return ",".join(m.container_path if not self.trunc else m.container_path[:15]
                        for m in self.view.mounts)

    def Networks(self):
        return ""

    def LocalVolumes(self):
        return "0"

    def as_json(self):
        """{{json .}}: docker marshals every field of the context."""
        return {key: getattr(self, key)() for key in (
            "Command", "CreatedAt", "ID", "Image", "Labels", "LocalVolumes", "Mounts", "Names",
            "Networks", "Ports", "RunningFor", "Size", "State", "Status")}


class ImageContext:
    __go_type__ = "*formatter.imageContext"
    HEADERS = {"Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST", "ID": "IMAGE ID",
               "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "Size": "SIZE",
               "Containers": "CONTAINERS", "VirtualSize": "VIRTUAL SIZE",
               "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE"}

    def __init__(self, image, repo, tag, digest, created_ns, now, trunc=True):
        self.image, self.repo, self.tag, self.digest = image, repo, tag, digest
        self.created_ns, self.now, self.trunc = created_ns, now, trunc

    def Repository(self):
        return self.repo

    def Tag(self):
        return self.tag

    def Digest(self):
        return self.digest

    def ID(self):
        return views.short_id(self.image.id, not self.trunc)

    def CreatedSince(self):
        return humanize.ago(self.now, self.created_ns) if self.created_ns else "N/A"

    def CreatedAt(self):
        return timefmt.go_time_string(self.created_ns) if self.created_ns else ""

    def Size(self):
        return humanize.human_size(self.image.size)

    VirtualSize = Size

    def Containers(self):
        return "N/A"

    def SharedSize(self):
        return "N/A"

    def UniqueSize(self):
        return "N/A"

    def as_json(self):
        return {key: getattr(self, key)() for key in (
            "Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository",
            "SharedSize", "Size", "Tag", "UniqueSize", "VirtualSize")}


def json_line(context):
    return json.dumps(context.as_json(), separators=(",", ":"))
