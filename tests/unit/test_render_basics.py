from types import SimpleNamespace as NS

import pytest

from dockercri.render import humanize, timefmt, views
from dockercri.render.table import format_table


@pytest.mark.parametrize("seconds,text", [
    (0.2, "Less than a second"), (1, "1 second"), (59, "59 seconds"), (60, "About a minute"),
    (119, "About a minute"), (120, "2 minutes"), (3599, "59 minutes"), (3600, "About an hour"),
    (2 * 3600, "2 hours"), (47 * 3600, "47 hours"), (48 * 3600, "2 days"),
    (14 * 86400, "2 weeks"), (60 * 86400, "2 months"), (730 * 86400, "2 years"),
])
def test_human_duration_matches_go_units(seconds, text):
    assert humanize.human_duration(seconds) == text


@pytest.mark.parametrize("size,text", [
    (0, "0B"), (999, "999B"), (1000, "1kB"), (1980000, "1.98MB"), (1234567890, "1.23GB"),
])
def test_human_size_is_decimal_with_three_digits(size, text):
    assert humanize.human_size(size) == text


@pytest.mark.parametrize("size,text", [
    (0, "0B"), (312 * 1024, "312KiB"), (int(23.54 * 1024 ** 3), "23.54GiB"), (1536, "1.5KiB"),
])
def test_bytes_size_is_binary_with_four_digits(size, text):
    assert humanize.bytes_size(size) == text


def test_table_pads_columns_like_docker_19_03_tabwriter():
    text = format_table(["CONTAINER ID", "NAMES"], [["6313dc6ce4f6", "web"]])
    lines = text.splitlines()
    assert lines[0] == "CONTAINER ID" + " " * 8 + "NAMES"
    assert lines[1] == "6313dc6ce4f6" + " " * 8 + "web"


def test_table_wide_cells_get_three_spaces():
    text = format_table(["A", "B"], [["x" * 30, "y"]])
    assert text.splitlines()[1] == "x" * 30 + "   y"


def test_rfc3339_round_trip_keeps_nanoseconds():
    ns = timefmt.parse_rfc3339_ns("2026-11-26T21:53:24.415659047Z")
    assert ns % 1_000_000_000 == 415659047
    assert timefmt.rfc3339_nano(ns) == "2026-11-26T21:53:24.415659047Z"
    assert timefmt.rfc3339_nano(0) == "0001-01-01T00:00:00Z"
    assert timefmt.parse_rfc3339_ns("2026-11-26T22:53:24+01:00") == \
        timefmt.parse_rfc3339_ns("2026-11-26T21:53:24Z")


def test_quoted_command_truncates_to_twenty_like_docker():
    assert views.quoted_command(["sh", "-c", "echo a rather long line"]) == '"sh -c \'echo a rathe…"'
    assert views.quoted_command(["sleep", "1000"]) == '"sleep 1000"'
    assert views.quoted_command(["sh", "-c", "echo a rather long line"], truncate=False) == \
        '"sh -c \'echo a rather long line\'"'


def test_status_text_for_each_state():
    now = 1000.0
    base = dict(id="x", name="n", image="i", image_ref="r", created_ns=0)
    running = views.ContainerView(state="running", started_ns=int(997e9), **base)
    exited = views.ContainerView(state="exited", finished_ns=int(880e9), exit_code=3, **base)
    created = views.ContainerView(state="created", **base)
    assert views.status_text(running, now) == "Up 3 seconds"
    assert views.status_text(exited, now) == "Exited (3) 2 minutes ago"
    assert views.status_text(created, now) == "Created"


def test_command_from_runtime_info_when_no_label():
    container = NS(labels={})
    info = {"config": {"command": ["sh"], "args": ["-c", "exit 3"]}}
    assert views.command_of(container, info) == ["sh", "-c", "exit 3"]
    spec_only = {"config": {}, "runtimeSpec": {"process": {"args": ["/pause"]}}}
    assert views.command_of(container, spec_only) == ["/pause"]
    # args without a command: the image's entrypoint runs them, and the spec says so
    args_only = {"config": {"args": ["-x"]},
                 "runtimeSpec": {"process": {"args": ["/entry", "-x"]}}}
    assert views.command_of(container, args_only) == ["/entry", "-x"]


def test_inspect_format_resolves_go_field_names_and_json_keys():
    from dockercri.commands.inspect import GoFields
    from dockercri.gotemplate import Template
    document = GoFields({"Id": "abc", "Name": "/web", "State": {"Pid": 42}})
    assert Template.parse("{{.ID}} {{.Id}} {{.Name}} {{.State.Pid}}").execute(
        document, strict_fields=False) == "abc abc /web 42"
    assert "ID" in document and "Nosuch" not in document


def test_rootfs_overlay_mounts_become_graph_driver_data():
    from dockercri.node.rootfs import parse_mountinfo
    cid = "4af1d02f" * 8
    text = (
        "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
        "61 27 0:51 / /state/io.containerd.runtime.v2.task/k8s.io/%s/rootfs rw,relatime - "
        "overlay overlay rw,lowerdir=/snap/2/fs:/snap/1/fs,upperdir=/snap/3/fs,"
        "workdir=/snap/3/work\n"
        "62 27 0:52 / /elsewhere/rootfs rw - tmpfs tmpfs rw\n" % cid)
    assert parse_mountinfo(text) == {cid: {
        "LowerDir": "/snap/2/fs:/snap/1/fs", "UpperDir": "/snap/3/fs", "WorkDir": "/snap/3/work",
        "MergedDir": "/state/io.containerd.runtime.v2.task/k8s.io/%s/rootfs" % cid}}
