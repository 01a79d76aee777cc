"""Each docker filter key, as docker combines them."""

from types import SimpleNamespace as NS

import pytest

from dockercri import filters
from dockercri.errors import DockerCLIError
from dockercri.render.views import ContainerView


def view(name, state="running", exit_code=0, labels=None, created=10, image="busybox:1.35",
         ident=None, mounts=()):
    return ContainerView(id=ident or (name.encode().hex() + "0" * 64)[:64], name=name,
                         image=image, image_ref="sha256:abc123", state=state, created_ns=created,
                         exit_code=exit_code, labels=labels or {}, mounts=list(mounts))


WEB = view("web", labels={"app": "web", "tier": "front"}, created=30,
           mounts=[NS(host_path="/srv", container_path="/data")])
DB = view("db", labels={"app": "db"}, created=20)
DONE = view("job", state="exited", exit_code=3, created=10, image="other:1")
ALL = [WEB, DB, DONE]
CREATED = {"web": 30, "db": 20, "job": 10}


def select(*pairs):
    parsed = filters.parse(pairs, filters.PS_KEYS, filters.PS_REFUSED)
    return [v.name for v in ALL if filters.container_matches(v, parsed, CREATED.__getitem__)]


@pytest.mark.parametrize("pairs,names", [
    ([("name", "web")], ["web"]),
    ([("name", "^d")], ["db"]),
    ([("name", "web"), ("name", "db")], ["web", "db"]),  # one key: alternatives
    ([("label", "app")], ["web", "db"]),
    ([("label", "app=web")], ["web"]),
    ([("label", "app"), ("label", "tier=front")], ["web"]),  # labels: all must match
    ([("status", "exited")], ["job"]),
    ([("status", "running"), ("name", "db")], ["db"]),  # different keys: all must match
    ([("exited", "3")], ["job"]),
    ([("exited", "0")], []),
    ([("ancestor", "busybox:1.35")], ["web", "db"]),
    ([("ancestor", "abc123")], ["web", "db", "job"]),
    ([("before", "web")], ["db", "job"]),
    ([("since", "db")], ["web"]),
    ([("volume", "/data")], ["web"]),
    ([("id", WEB.id[:6])], ["web"]),
])
def test_ps_filters(pairs, names):
    assert select(*pairs) == names


def test_unknown_and_refused_keys():
    with pytest.raises(DockerCLIError) as unknown:
        filters.parse([("colour", "red")], filters.PS_KEYS, filters.PS_REFUSED)
    assert unknown.value.message == "Error response from daemon: Invalid filter 'colour'"
    with pytest.raises(DockerCLIError) as refused:
        filters.parse([("network", "bridge")], filters.PS_KEYS, filters.PS_REFUSED)
    assert "network" in refused.value.message and "CNI" in refused.value.message
    with pytest.raises(DockerCLIError) as status:
        filters.parse([("status", "sleeping")], filters.PS_KEYS, filters.PS_REFUSED)
    assert "Unrecognised filter value for status: sleeping" in status.value.message


def test_status_filters_look_at_every_state():
    assert filters.wants_all({"status": ["exited"]})
    assert not filters.wants_all({"name": ["x"]})


def image(tags, ident="sha256:1"):
    return NS(id=ident, repo_tags=tags)


@pytest.mark.parametrize("pairs,expected", [
    ([("dangling", "true")], [False, True]),
    ([("dangling", "false")], [True, False]),
    ([("reference", "busy*")], [True, False]),
    ([("reference", "busybox:1.*")], [True, False]),
    ([("label", "maintainer")], [True, False]),
    ([("before", "newer")], [True, True]),
    ([("since", "newer")], [False, False]),
])
def test_image_filters(pairs, expected):
    parsed = filters.parse(pairs, filters.IMAGE_KEYS)
    rows = [(image(["docker.io/library/busybox:1.35"]), "busybox", "1.35", 5,
             {"maintainer": "me"}),
            (image([], "sha256:2"), "<none>", "<none>", 6, {})]
    got = [filters.image_matches(img, repo, tag, created, labels, parsed, lambda name: 100)
           for img, repo, tag, created, labels in rows]
    assert got == expected


def test_container_prune_filters():
    chosen = filters.parse([("label", "app"), ("label!", "keep=yes")], filters.PRUNE_KEYS)
    assert filters.prune_selects({"app": "web"}, 10, chosen)
    assert not filters.prune_selects({"other": "x"}, 10, chosen)           # label= must match
    assert not filters.prune_selects({"app": "web", "keep": "yes"}, 10, chosen)  # label!= must not
    assert filters.prune_selects({"app": "web", "keep": "no"}, 10, chosen)
    assert filters.prune_selects({"app": "web"}, 10, chosen, until_ns=11)
    assert not filters.prune_selects({"app": "web"}, 11, chosen, until_ns=11)  # created before
    assert filters.prune_selects({}, 5, {})
    with pytest.raises(DockerCLIError) as unknown:
        filters.parse([("status", "exited")], filters.PRUNE_KEYS)
    assert unknown.value.message == "Error response from daemon: Invalid filter 'status'"
