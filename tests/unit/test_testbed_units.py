"""Packages installed for the testbed and the reference docker leave no unit enabled."""

import os

from dockercri.testbed.packages import disable_new_units, unit_links


def _link(root, relative, target):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)
    return path


def test_only_the_links_an_installation_made_are_removed(tmp_path):
    root = str(tmp_path)
    kept = _link(root, "multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service")
    before = unit_links(root)
    made = [_link(root, "multi-user.target.wants/docker.service",
                  "/lib/systemd/system/docker.service"),
            _link(root, "sockets.target.wants/docker.socket", "/lib/systemd/system/docker.socket")]
    with open(os.path.join(root, "multi-user.target.wants", "notes.txt"), "w") as f:
        f.write("a file, not a link: never touched\n")
    removed = disable_new_units(before, root=root, helper="")
    assert removed == sorted(made)
    assert unit_links(root) == {kept}
    assert os.path.exists(os.path.join(root, "multi-user.target.wants", "notes.txt"))


def test_nothing_new_nothing_removed(tmp_path):
    root = str(tmp_path)
    _link(root, "multi-user.target.wants/containerd.service", "/x")
    assert disable_new_units(unit_links(root), root=root, helper="") == []
    assert len(unit_links(root)) == 1
