"""What a listing asks the runtime for follows from what its output prints."""

import shlex
from types import SimpleNamespace as NS

from dockercri.cli.dispatch import plan_argv
from dockercri.plan import listing
from dockercri.plan.model import Ref

WHOLE = "a" * 64


def keys(line):
    return [step.key for step in plan_argv(shlex.split(line))[2].steps]


def step(line, key):
    return next(s for s in plan_argv(shlex.split(line))[2].steps if s.key == key)


def test_quiet_without_filters_is_the_two_lists():
    # kubelet pod sandboxes are rows of -q too (k8s_POD_...), so the pod list is needed
    assert keys("ps -q") == ["pods", "containers"]
    assert keys("ps -aq --no-trunc -n 3") == ["pods", "containers"]


def test_names_need_the_pod_list_and_nothing_per_container():
    assert keys("ps -a --format '{{.Names}}'") == ["pods", "containers"]
    assert keys("ps -a --format 'table {{.ID}}\t{{.Names}}\t{{.Labels}}'") == \
        ["pods", "containers"]


def test_default_table_asks_for_status_command_and_sandbox_rows():
    assert keys("ps -a") == ["pods", "containers", "runtime_status", "container_specs",
                             "status", "details", "sandbox_specs", "sandboxes", "paused"]


def test_status_alone_needs_brief_status_for_every_container():
    plan_keys = keys("ps -a --format '{{.Status}}'")
    assert plan_keys == ["pods", "containers", "status", "paused"]
    brief = step("ps -a --format '{{.Status}}'", "status")
    assert brief.request["verbose"] is False and brief.where is None


def test_command_alone_needs_no_brief_status():
    assert keys("ps -a --format '{{.Command}}'") == [
        "pods", "containers", "runtime_status", "container_specs", "details",
        "sandbox_specs", "sandboxes"]


def test_image_of_sandbox_rows_comes_from_the_runtime_config():
    plan_keys = keys("ps -a --format '{{.Image}}'")
    assert plan_keys == ["pods", "containers", "runtime_status", "status", "sandboxes"]
    assert step("ps -a --format '{{.Image}}'", "sandboxes").where.test.endswith(
        ":pod_image_unknown")


def test_whole_context_or_unknown_fields_ask_for_everything():
    # sizes too: docker's client asks for them when the template may print .Size
    assert keys("ps -a --format '{{json .}}'") == keys("ps -a -s")
    assert keys("ps -a --format '{{.}}'") == keys("ps -a -s")
    assert keys("ps -a --format '{{.Nosuch}}'") == keys("ps -a -s")
    assert keys("ps -a -s") == keys("ps -a") + ["stats", "images", "layers"]


def test_a_format_printing_size_asks_for_sizes_as_docker_does():
    assert keys("ps --format '{{.Names}} {{.Size}}'")[-3:] == ["stats", "images", "layers"]
    assert "stats" not in keys("ps --format '{{.Names}}'")
    assert "stats" not in keys("ps -q --format '{{.Size}}'")


def test_paused_is_read_on_the_node_for_state_and_status():
    # CRI has no paused state: the freezer of each running task, read on the node
    assert step("ps --format '{{.State}}'", "paused").node.endswith(":frozen_ids")
    assert "paused" in keys("ps -q --filter status=paused")
    assert "paused" not in keys("ps -q") and "paused" not in keys("ps --format '{{.Names}}'")


def test_filters_add_what_they_look_at():
    assert keys("ps -aq --filter name=web") == ["pods", "containers"]
    assert keys("ps -aq --filter exited=3") == ["pods", "containers", "status"]
    assert keys("ps -aq --filter label=a=b") == ["pods", "containers"]


def test_filters_the_runtime_can_select_by_go_into_the_request():
    flt = step("ps -a --filter label=app=web --filter label=tier=db --filter status=exited "
               "--filter id=%s" % WHOLE, "containers").request["filter"]
    assert flt == {"state": {"state": "CONTAINER_EXITED"}, "id": WHOLE,
                   "label_selector": {"app": "web", "tier": "db"}}


def test_filters_the_runtime_cannot_honour_exactly_stay_client_side():
    # an id prefix (CRI matches unique prefixes only), two statuses, a label key alone
    request = step("ps -a --filter id=abc --filter status=exited --filter status=created "
                   "--filter label=app", "containers").request
    assert request == {}
    plan = plan_argv(shlex.split("ps -a --filter id=abc --filter name=x"))[2]
    assert any("id, name only there" in note for note in plan.notes)


def test_running_only_without_a_unless_a_status_filter():
    assert step("ps -q --filter status=exited", "containers").request == {
        "filter": {"state": {"state": "CONTAINER_EXITED"}}}
    assert step("ps -q --filter status=paused", "containers").request == {}


def test_images_quiet_needs_no_image_status():
    assert keys("images -q") == ["images"]
    assert keys("images") == ["images", "image_status"]
    assert keys("images -q --filter since=busybox") == ["images", "image_status"]


def test_template_fields():
    assert listing.template_fields(None) == listing.PS_DEFAULT
    assert listing.template_fields("table") == listing.PS_DEFAULT
    assert listing.template_fields("{{.ID}} {{.Label \"x\"}}") == ("ID", "Label")
    assert listing.template_fields("{{json .}}") is None
    assert listing.template_fields("{{range $k := .Labels}}{{end}}") is None


class _Ctx:
    def __init__(self, item, results):
        self.item, self.results = item, results

    def __getitem__(self, key):
        return self.results.get(key)


def test_command_known_from_label_or_spec():
    labelled = NS(id="1", labels={"io.dockercri.command": "[]"})
    kubelet = NS(id="2", labels={})
    assert listing.command_known(_Ctx(labelled, {"container_specs": None}))
    assert not listing.command_known(_Ctx(kubelet, {"container_specs": {}}))
    assert listing.command_known(_Ctx(kubelet, {"container_specs": {"2": ["sleep"]}}))


def test_sandbox_pods_asked_one_by_one_only_when_the_runtime_cannot_say():
    status = NS(info={"config": '{"sandboxImage": "pause:3.9"}'})
    pod = NS(id="p", labels={})
    managed = NS(id="m", labels={"io.dockercri.managed": "true"})
    assert not listing.pod_image_unknown(_Ctx(pod, {"runtime_status": status}))
    assert listing.pod_image_unknown(_Ctx(pod, {"runtime_status": None}))
    assert not listing.pod_image_unknown(_Ctx(managed, {"runtime_status": None}))
    assert listing.pod_command_unknown(_Ctx(pod, {"sandbox_specs": {}}))
    assert not listing.pod_command_unknown(_Ctx(pod, {"sandbox_specs": {"p": ["/pause"]}}))


def test_fan_outs_are_over_earlier_lists():
    each = step("ps -a", "details").each
    assert isinstance(each, Ref) and (each.step, each.path) == ("containers", "containers")


def test_inspect_of_many_names_lists_once_and_fans_out_once():
    assert keys("inspect --type container a b c") == [
        "containers", "pods", "find1", "find2", "find3", "status_container", "status_sandbox",
        "pod_status", "rootfs", "paused"]
    fan = step("inspect --type container a b c", "status_container")
    assert [ref.step for ref in fan.each] == ["find1", "find2", "find3"]
    assert keys("inspect a") == ["containers", "pods", "images", "find1", "status_container",
                                 "status_sandbox", "pod_status", "status_image", "status_pod",
                                 "rootfs", "paused"]
    assert keys("inspectp a") == ["pods", "find1", "status_pod"]


def test_stats_samples_around_a_wait_on_the_node():
    assert keys("stats --no-stream web") == ["pods", "containers", "find1", "sandbox_pids",
                                             "sample1", "sandbox_sample1", "wait", "sample2",
                                             "pids", "node"]
    # a kubelet pod's sandbox is a row: its pid first, its cgroup read beside each sample
    assert [ref.step for ref in step("stats --no-stream a b", "sandbox_pids").each] == [
        "find1", "find2"]
    assert step("stats --no-stream", "sandbox_pids").each.step == "pods"
    assert step("stats --no-stream", "sandbox_sample1").node.endswith(":read_sandboxes")
    assert step("stats --no-stream web", "wait").node.endswith(":wait_a_second")


def test_ancestor_filter_needs_the_image_of_every_row():
    assert keys("ps -aq --filter ancestor=pause") == [
        "pods", "containers", "runtime_status", "status", "sandboxes"]
