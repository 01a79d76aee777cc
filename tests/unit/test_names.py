from types import SimpleNamespace as NS

import pytest

from dockercri import names
from dockercri.errors import AmbiguousName, NoSuchObject


def container(ident, name, labels=None, pod="p1", attempt=0):
    return NS(id=ident, metadata=NS(name=name, attempt=attempt), labels=labels or {},
              pod_sandbox_id=pod)


def pod(ident, name, namespace="default", uid="u1", attempt=0):
    return NS(id=ident, metadata=NS(name=name, namespace=namespace, uid=uid, attempt=attempt),
              labels={})


MANAGED = {names.MANAGED_LABEL: "true"}


def test_managed_containers_keep_their_docker_name():
    c = container("abc", "web", dict(MANAGED, **{names.NAME_LABEL: "web"}))
    assert names.container_name(c) == "web"


def test_other_containers_get_dockershim_names():
    c = container("abc", "nginx", attempt=2)
    assert names.container_name(c, {"p1": pod("p1", "front", "prod", "uid-9")}) == \
        "k8s_nginx_front_prod_uid-9_2"
    assert names.sandbox_name(pod("p1", "front", "prod", "uid-9", 1)) == "k8s_POD_front_prod_uid-9_1"


def test_pick_order_is_full_id_then_name_then_unique_prefix():
    pods = [pod("p1", "x")]
    a = container("aaa111", "bbb", MANAGED)
    b = container("bbb222", "other", MANAGED)
    assert names.pick_container("bbb", [a, b], pods) is a  # name wins over id prefix
    assert names.pick_container("bbb222", [a, b], pods) is b
    assert names.pick_container("aaa", [a, b], pods) is a
    assert names.pick_container("/bbb", [a, b], pods) is a


def test_ambiguous_prefix_is_an_error_never_a_guess():
    a = container("abc1", "one", MANAGED)
    b = container("abc2", "two", MANAGED)
    with pytest.raises(AmbiguousName):
        names.pick_container("abc", [a, b], [])
    with pytest.raises(NoSuchObject) as err:
        names.pick_container("zzz", [a, b], [])
    assert str(err.value) == "No such container: zzz"


def test_image_references_follow_docker_rules():
    assert names.normalise_reference("busybox") == "docker.io/library/busybox:latest"
    assert names.normalise_reference("user/app:1") == "docker.io/user/app:1"
    assert names.normalise_reference("127.0.0.1:5000/library/busybox:1.35") == \
        "127.0.0.1:5000/library/busybox:1.35"
    assert names.normalise_reference("localhost/app") == "localhost/app:latest"
    assert names.normalise_reference("busybox@sha256:abc") == "docker.io/library/busybox@sha256:abc"
    assert names.familiar_repository("docker.io/library/busybox") == "busybox"
    assert names.split_reference("host:5000/a/b:tag") == ("host:5000/a/b", "tag")


def test_pick_image_by_tag_id_and_prefix():
    image = NS(id="sha256:2c5bdf1df9b6aaaa", repo_tags=["docker.io/library/busybox:1.35"],
               repo_digests=[])
    other = NS(id="sha256:2c77", repo_tags=[], repo_digests=[])
    assert names.pick_image("busybox:1.35", [image, other]) is image
    assert names.pick_image("2c5b", [image, other]) is image
    assert names.pick_image("sha256:2c5bdf1df9b6aaaa", [image, other]) is image
    with pytest.raises(AmbiguousName):
        names.pick_image("2c", [image, other])
    with pytest.raises(NoSuchObject):
        names.pick_image("busybox", [image, other])  # :latest is not there
