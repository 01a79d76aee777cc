"""The crictl files explain prints must decode in crictl.

crictl reads them with Go's encoding/json into the CRI API's generated Go structs.
No crictl binary is packaged for Debian, so that decoder's contract is written down
here and every golden explain file is walked against the CRI v1 descriptors: each key
a field of the message, enums as numbers the enum defines, integers as JSON integers
in range, bools as bools, repeated fields as lists, maps as objects of strings, bytes
as base64 text.
"""

import base64
import binascii
import glob
import json
import os
import shlex

import pytest
from google.protobuf.descriptor import FieldDescriptor

from dockercri._gen.v1 import api_pb2
from tests.unit.test_explain_golden import HERE, cases, slug

MESSAGE_OF_FILE = {"pod-config.json": "PodSandboxConfig",
                   "container-config.json": "ContainerConfig"}
_HEADER = " (the file crictl reads):"

_INT_RANGES = {
    FieldDescriptor.TYPE_INT32: (-2 ** 31, 2 ** 31 - 1),
    FieldDescriptor.TYPE_SINT32: (-2 ** 31, 2 ** 31 - 1),
    FieldDescriptor.TYPE_SFIXED32: (-2 ** 31, 2 ** 31 - 1),
    FieldDescriptor.TYPE_INT64: (-2 ** 63, 2 ** 63 - 1),
    FieldDescriptor.TYPE_SINT64: (-2 ** 63, 2 ** 63 - 1),
    FieldDescriptor.TYPE_SFIXED64: (-2 ** 63, 2 ** 63 - 1),
    FieldDescriptor.TYPE_UINT32: (0, 2 ** 32 - 1),
    FieldDescriptor.TYPE_FIXED32: (0, 2 ** 32 - 1),
    FieldDescriptor.TYPE_UINT64: (0, 2 ** 64 - 1),
    FieldDescriptor.TYPE_FIXED64: (0, 2 ** 64 - 1),
}


def go_decoding_problems(descriptor, value, where=""):
    """What Go's encoding/json would refuse when decoding value into descriptor's struct
    (and keys it would silently drop, which here are mistakes too)."""
    if not isinstance(value, dict):
        return ["%s: %s is not a JSON object" % (where or "file", type(value).__name__)]
    problems = []
    for key, item in value.items():
        path = "%s.%s" % (where, key) if where else key
        field = descriptor.fields_by_name.get(key)
        if field is None:
            problems.append("%s: no field %r in %s" % (path, key, descriptor.name))
        elif field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry:
            if not isinstance(item, dict):
                problems.append("%s: a map must be a JSON object" % path)
                continue
            value_field = field.message_type.fields_by_name["value"]
            for name, element in item.items():
                problems += _single(value_field, element, "%s[%s]" % (path, name))
        elif field.label == FieldDescriptor.LABEL_REPEATED:
            if not isinstance(item, list):
                problems.append("%s: a repeated field must be a JSON array" % path)
                continue
            for index, element in enumerate(item):
                problems += _single(field, element, "%s[%d]" % (path, index))
        else:
            problems += _single(field, item, path)
    return problems


def _single(field, value, path):
    kind = field.type
    if kind == FieldDescriptor.TYPE_MESSAGE:
        return go_decoding_problems(field.message_type, value, path)
    if kind == FieldDescriptor.TYPE_ENUM:
        if not _is_int(value):
            return ["%s: enum %s must be a number, not %r" % (path, field.enum_type.name, value)]
        if value not in field.enum_type.values_by_number:
            return ["%s: %d is no value of %s" % (path, value, field.enum_type.name)]
        return []
    if kind in _INT_RANGES:
        low, high = _INT_RANGES[kind]
        if not _is_int(value) or not low <= value <= high:
            return ["%s: %r is not an integer in [%d, %d]" % (path, value, low, high)]
        return []
    if kind == FieldDescriptor.TYPE_BOOL:
        return [] if isinstance(value, bool) else ["%s: %r is not a bool" % (path, value)]
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else ["%s: %r is not a number" % (path, value)]
    if kind == FieldDescriptor.TYPE_STRING:
        return [] if isinstance(value, str) else ["%s: %r is not a string" % (path, value)]
    if kind == FieldDescriptor.TYPE_BYTES:
        try:
            base64.b64decode(value, validate=True)
        except (TypeError, binascii.Error):
            return ["%s: %r is not base64 text" % (path, value)]
        return []
    return ["%s: unexpected field type %d" % (path, kind)]


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def files_in(text):
    """{file name: parsed JSON} of each crictl file an explain text shows."""
    found = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not line.endswith(_HEADER):
            continue
        body = []
        for following in lines[index + 1:]:
            if not following.startswith("  ") or following.startswith("  (enum values"):
                break
            body.append(following)
        found[line[:-len(_HEADER)]] = json.loads("\n".join(body))
    return found


def golden_files():
    for line in cases():
        with open(os.path.join(HERE, slug(line) + ".txt")) as handle:
            for name, content in files_in(handle.read()).items():
                yield line, name, content


def test_every_golden_file_decodes_as_crictl_decodes_it():
    checked = 0
    for line, name, content in golden_files():
        descriptor = api_pb2.DESCRIPTOR.message_types_by_name[MESSAGE_OF_FILE[name]]
        assert go_decoding_problems(descriptor, content) == [], (line, name)
        checked += 1
    runs = [line for line in cases() if shlex.split(line)[0] in ("run", "create")]
    assert checked == 2 * len(runs) + 1  # pod and container config of each, runp's file


@pytest.mark.parametrize("content, problem", [
    ({"linux": {"security_context": {"namespace_options": {"network": "NODE"}}}},
     "enum NamespaceMode must be a number"),
    ({"port_mappings": [{"protocol": 7}]}, "7 is no value of Protocol"),
    ({"port_mappings": {"protocol": 0}}, "must be a JSON array"),
    ({"labels": ["a"]}, "must be a JSON object"),
    ({"metadata": {"attempt": "0"}}, "is not an integer"),
    ({"metadata": {"attempt": -1}}, "is not an integer"),
    ({"linux": {"security_context": {"privileged": 1}}}, "is not a bool"),
    ({"hostnme": "x"}, "no field 'hostnme'"),
])
def test_the_contract_refuses_what_go_refuses(content, problem):
    descriptor = api_pb2.DESCRIPTOR.message_types_by_name["PodSandboxConfig"]
    found = go_decoding_problems(descriptor, content)
    assert len(found) == 1 and problem in found[0], found


def _without_refs(value):
    from dockercri.plan.model import Ref
    if isinstance(value, Ref):
        return "ref"
    if isinstance(value, dict):
        return {key: _without_refs(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_refs(item) for item in value]
    return value


@pytest.mark.parametrize("line", [line for line in cases()
                                  if shlex.split(line)[0] in ("run", "create")], ids=slug)
def test_file_and_request_are_the_same_message(line, monkeypatch):
    """The file crictl reads and the request dockercri sends build the same protobuf message."""
    from dockercri.cli.dispatch import plan_argv
    from dockercri.render.crictl_files import go_form, message_types_of
    from dockercri.runtime.connection import to_message

    monkeypatch.setenv("DOCKERCRI_NAME_SEED", "golden")
    _, _, plan = plan_argv(shlex.split(line))
    types = message_types_of(plan.files, plan.steps)
    assert sorted(types) == ["container-config.json", "pod-config.json"]
    for name, message in types.items():
        message_type = getattr(api_pb2, message)
        request = _without_refs(plan.files[name])
        shown, legend = go_form(message, request)
        assert shown != request and legend  # enum names became numbers
        assert to_message(message_type, shown) == to_message(message_type, request)


def test_golden_directory_has_no_stray_files():
    """Every .txt beside cases.txt belongs to a case, so the walk above sees every file."""
    known = {slug(line) + ".txt" for line in cases()} | {"cases.txt"}
    present = {os.path.basename(path) for path in glob.glob(os.path.join(HERE, "*.txt"))}
    assert present == known


def test_the_generated_shapes_agree_with_the_descriptors():
    """go_form works from dockercri._gen.v1.shapes (no protobuf import); it must say what
    the descriptors say about every enum, bytes and message field."""
    from dockercri._gen.v1 import shapes

    package = api_pb2.DESCRIPTOR.package + "."
    checked = 0

    def walk(descriptor):
        nonlocal checked
        name = descriptor.full_name[len(package):]
        for field in descriptor.fields:
            shape = shapes.MESSAGES.get(name, {}).get(field.name)
            if field.type == FieldDescriptor.TYPE_ENUM:
                enum = field.enum_type.full_name[len(package):]
                assert shape == ("enum", enum), (name, field.name)
                assert shapes.ENUMS[enum] == {v.name: v.number for v in field.enum_type.values}
                checked += 1
            elif field.type == FieldDescriptor.TYPE_BYTES:
                assert shape == ("bytes",), (name, field.name)
            elif field.type == FieldDescriptor.TYPE_MESSAGE and \
                    not field.message_type.GetOptions().map_entry:
                assert shape == ("message", field.message_type.full_name[len(package):])
        for nested in descriptor.nested_types:
            if not nested.GetOptions().map_entry:
                walk(nested)

    for descriptor in api_pb2.DESCRIPTOR.message_types_by_name.values():
        walk(descriptor)
    assert checked > 20
    service = api_pb2.DESCRIPTOR.services_by_name["RuntimeService"]
    assert shapes.RPC_INPUTS["RuntimeService.RunPodSandbox"] == \
        service.methods_by_name["RunPodSandbox"].input_type.name
