"""The CRI protos in protos/ and the generated package dockercri._gen."""

from __future__ import annotations

import importlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, json_format
from google.protobuf.descriptor import FieldDescriptor

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_ROOT = REPO_ROOT.parent / "shared" / "reference" / "cri-api"
VERSIONS = ("v1", "v1alpha2")

# Fields that our protos may declare as string where the reference says bytes:
# both are length-delimited on the wire, and string gives Python str values.
STRING_FOR_BYTES = {("KeyValue", "value")}


def _pb2(version: str):
    return importlib.import_module("dockercri._gen.%s.api_pb2" % version)


def _gen_protos_module():
    spec = importlib.util.spec_from_file_location("gen_protos", str(REPO_ROOT / "tools" / "gen_protos.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- regeneration ---------------------------------------------------------------------------


def test_regenerating_gives_the_committed_files():
    pytest.importorskip("grpc_tools.protoc")
    gen = _gen_protos_module()
    committed = (gen.GEN_DIR / "__init__.py").read_text(encoding="utf-8")
    made_with = re.search(r"Generated with grpcio-tools (\S+);", committed)
    installed = gen._grpc_tools_version()
    if made_with and made_with.group(1) != installed:
        pytest.skip("dockercri/_gen was made with grpcio-tools %s, %s is installed" % (made_with.group(1), installed))
    problems = gen.compare(gen.generate())
    assert not problems, "run python tools/gen_protos.py:\n" + "\n".join(problems)


def test_protos_carry_no_go_only_options():
    for version in VERSIONS:
        text = (REPO_ROOT / "protos" / "runtime" / version / "api.proto").read_text(encoding="utf-8")
        assert "gogoproto" not in text
        assert re.search(r"^package runtime\.%s;$" % version, text, flags=re.MULTILINE)


# --- the generated package ------------------------------------------------------------------


def test_both_versions_load_in_one_process():
    v1, v1alpha2 = _pb2("v1"), _pb2("v1alpha2")
    assert v1.DESCRIPTOR.name == "runtime/v1/api.proto"
    assert v1alpha2.DESCRIPTOR.name == "runtime/v1alpha2/api.proto"
    assert v1.DESCRIPTOR.package == "runtime.v1"
    assert v1alpha2.DESCRIPTOR.package == "runtime.v1alpha2"
    assert v1.RunPodSandboxRequest is not v1alpha2.RunPodSandboxRequest
    assert v1.RunPodSandboxRequest.__module__ == "dockercri._gen.v1.api_pb2"
    assert v1alpha2.RunPodSandboxRequest.__module__ == "dockercri._gen.v1alpha2.api_pb2"


@pytest.mark.parametrize("version", VERSIONS)
def test_grpc_modules_expose_stubs(version):
    pytest.importorskip("grpc")
    grpc_mod = importlib.import_module("dockercri._gen.%s.api_pb2_grpc" % version)
    imported = getattr(grpc_mod, "runtime_dot_%s_dot_api__pb2" % version)
    assert imported is _pb2(version)
    for name in ("RuntimeServiceStub", "ImageServiceStub", "RuntimeServiceServicer", "ImageServiceServicer"):
        assert hasattr(grpc_mod, name)


@pytest.mark.parametrize("version", VERSIONS)
def test_message_modules_do_not_import_grpc(version):
    code = (
        "import sys\n"
        "import dockercri._gen.%s.api_pb2\n"
        "bad = sorted(m for m in sys.modules if m == 'grpc' or m.startswith('grpc.'))\n"
        "print(','.join(bad))\n" % version
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=str(REPO_ROOT), capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


# --- wire compatibility with the upstream CRI definition ------------------------------------


def _compile_reference(version: str, tmp_path: Path):
    protoc = pytest.importorskip("grpc_tools.protoc")
    source = REFERENCE_ROOT / version / "api.proto"
    if not source.is_file():
        pytest.skip("reference proto not found at %s" % source)
    text = source.read_text(encoding="utf-8")
    # Go-only gogoproto extensions: drop the import, file options and field options.
    text = re.sub(r'^\s*import\s+"github\.com/gogo/protobuf/gogoproto/gogo\.proto";\s*$', "", text, flags=re.M)
    text = re.sub(r"^\s*option\s+\(gogoproto\.[^;]*;\s*$", "", text, flags=re.M)
    text = re.sub(r"\s*\[\s*\(gogoproto\.[^\]]*\]", "", text)
    assert "gogoproto" not in text
    src_root = tmp_path / "src"
    copy = src_root / "cri-reference" / version / "api.proto"
    copy.parent.mkdir(parents=True)
    copy.write_text(text, encoding="utf-8")
    out = tmp_path / ("%s.pb" % version)
    wkt = Path(protoc.__file__).resolve().parent / "_proto"
    rc = protoc.main(
        [
            "grpc_tools.protoc",
            "--proto_path=%s" % src_root,
            "--proto_path=%s" % wkt,
            "--descriptor_set_out=%s" % out,
            str(copy),
        ]
    )
    assert rc == 0, "protoc could not compile the reference %s proto" % version
    fds = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    pool = descriptor_pool.DescriptorPool()
    for fdp in fds.file:
        pool.AddSerializedFile(fdp.SerializeToString())
    return pool.FindFileByName("cri-reference/%s/api.proto" % version)


def _label(field) -> str:
    if hasattr(field, "is_repeated"):
        if field.is_repeated:
            return "repeated"
        return "required" if getattr(field, "is_required", False) else "optional"
    return {
        FieldDescriptor.LABEL_OPTIONAL: "optional",
        FieldDescriptor.LABEL_REPEATED: "repeated",
        FieldDescriptor.LABEL_REQUIRED: "required",
    }[field.label]


def _relative(full_name: str, package: str) -> str:
    assert full_name.startswith(package + "."), full_name
    return full_name[len(package) + 1 :]


def _type_name(field, package: str) -> Optional[str]:
    if field.message_type is not None:
        return _relative(field.message_type.full_name, package)
    if field.enum_type is not None:
        return _relative(field.enum_type.full_name, package)
    return None


def _compare_enums(ref, ours, where: str, errors: List[str]) -> None:
    ref_values = {v.name: v.number for v in ref.values}
    our_values = {v.name: v.number for v in ours.values}
    if ref_values != our_values:
        errors.append("%s: enum values %r != reference %r" % (where, our_values, ref_values))


def _compare_messages(ref, ours, ref_pkg: str, our_pkg: str, errors: List[str], allowed: List[str]) -> None:
    where = _relative(ref.full_name, ref_pkg)
    if ref.GetOptions().map_entry != ours.GetOptions().map_entry:
        errors.append("%s: map_entry differs" % where)
    ref_fields = {f.number: f for f in ref.fields}
    our_fields = {f.number: f for f in ours.fields}
    for number in sorted(set(ref_fields) | set(our_fields)):
        rf, of = ref_fields.get(number), our_fields.get(number)
        if rf is None or of is None:
            errors.append("%s: field %d only in %s" % (where, number, "ours" if rf is None else "reference"))
            continue
        fwhere = "%s.%s (%d)" % (where, rf.name, number)
        if rf.name != of.name:
            errors.append("%s: named %s in ours" % (fwhere, of.name))
        if rf.type != of.type:
            if (where, rf.name) in STRING_FOR_BYTES and {rf.type, of.type} == {
                FieldDescriptor.TYPE_STRING,
                FieldDescriptor.TYPE_BYTES,
            }:
                allowed.append(fwhere)
            else:
                errors.append("%s: type %d != reference %d" % (fwhere, of.type, rf.type))
        if _label(rf) != _label(of):
            errors.append("%s: label %s != reference %s" % (fwhere, _label(of), _label(rf)))
        if rf.has_presence != of.has_presence:
            errors.append("%s: presence differs" % fwhere)
        if _type_name(rf, ref_pkg) != _type_name(of, our_pkg):
            errors.append("%s: type name %s != reference %s" % (fwhere, _type_name(of, our_pkg), _type_name(rf, ref_pkg)))
        ref_oneof = rf.containing_oneof.name if rf.containing_oneof else None
        our_oneof = of.containing_oneof.name if of.containing_oneof else None
        if ref_oneof != our_oneof:
            errors.append("%s: oneof %s != reference %s" % (fwhere, our_oneof, ref_oneof))
    ref_oneofs = sorted(o.name for o in ref.oneofs)
    our_oneofs = sorted(o.name for o in ours.oneofs)
    if ref_oneofs != our_oneofs:
        errors.append("%s: oneofs %r != reference %r" % (where, our_oneofs, ref_oneofs))
    _compare_scope(ref.nested_types_by_name, ours.nested_types_by_name,
                   ref.enum_types_by_name, ours.enum_types_by_name, where, ref_pkg, our_pkg, errors, allowed)


def _compare_scope(ref_msgs, our_msgs, ref_enums, our_enums, where, ref_pkg, our_pkg, errors, allowed) -> None:
    prefix = where + "." if where else ""
    for kind, ref_map, our_map in (("message", ref_msgs, our_msgs), ("enum", ref_enums, our_enums)):
        for name in sorted(set(ref_map) ^ set(our_map)):
            errors.append("%s %s%s only in %s" % (kind, prefix, name, "reference" if name in ref_map else "ours"))
    for name in sorted(set(ref_enums) & set(our_enums)):
        _compare_enums(ref_enums[name], our_enums[name], prefix + name, errors)
    for name in sorted(set(ref_msgs) & set(our_msgs)):
        _compare_messages(ref_msgs[name], our_msgs[name], ref_pkg, our_pkg, errors, allowed)


def _compare_services(ref_file, our_file, errors: List[str]) -> None:
    ref_services, our_services = ref_file.services_by_name, our_file.services_by_name
    for name in sorted(set(ref_services) ^ set(our_services)):
        errors.append("service %s only in %s" % (name, "reference" if name in ref_services else "ours"))
    for sname in sorted(set(ref_services) & set(our_services)):
        ref_methods = ref_services[sname].methods_by_name
        our_methods = our_services[sname].methods_by_name
        for name in sorted(set(ref_methods) ^ set(our_methods)):
            errors.append("rpc %s.%s only in %s" % (sname, name, "reference" if name in ref_methods else "ours"))
        for name in sorted(set(ref_methods) & set(our_methods)):
            rm, om = ref_methods[name], our_methods[name]

            def shape(m, pkg):
                return (
                    _relative(m.input_type.full_name, pkg),
                    _relative(m.output_type.full_name, pkg),
                    bool(getattr(m, "client_streaming", False)),
                    bool(getattr(m, "server_streaming", False)),
                )

            if shape(rm, ref_file.package) != shape(om, our_file.package):
                errors.append(
                    "rpc %s.%s: %r != reference %r"
                    % (sname, name, shape(om, our_file.package), shape(rm, ref_file.package))
                )


@pytest.mark.parametrize("version", VERSIONS)
def test_wire_compatible_with_reference(version, tmp_path):
    ref_file = _compile_reference(version, tmp_path)
    our_file = _pb2(version).DESCRIPTOR
    assert ref_file.package == our_file.package == "runtime.%s" % version
    errors = []  # type: List[str]
    allowed = []  # type: List[str]
    _compare_scope(ref_file.message_types_by_name, our_file.message_types_by_name,
                   ref_file.enum_types_by_name, our_file.enum_types_by_name,
                   "", ref_file.package, our_file.package, errors, allowed)
    _compare_services(ref_file, our_file, errors)
    assert not errors, "\n".join(errors)
    # The only tolerated difference is string-for-bytes, and only where listed.
    assert set(allowed) <= {"KeyValue.value (2)"}
    assert ref_file.message_types_by_name  # compared something real
    assert ref_file.services_by_name["RuntimeService"].methods_by_name


def test_streaming_rpcs_have_server_streaming_flag():
    # The descriptors expose streaming flags, so the rpc comparison above is meaningful.
    method = _pb2("v1").DESCRIPTOR.services_by_name["ImageService"].methods_by_name["StreamImages"]
    assert method.server_streaming and not method.client_streaming


# --- message round trip ---------------------------------------------------------------------

RUN_POD_SANDBOX = {
    "config": {
        "metadata": {"name": "web", "uid": "0b5c0e1e-7a4f-4f0e-9f5c-1b2c3d4e5f60", "namespace": "default", "attempt": 1},
        "hostname": "web",
        "log_directory": "/var/log/dockercri/web",
        "dns_config": {"servers": ["10.0.0.10"], "searches": ["svc.local"], "options": ["ndots:2"]},
        "port_mappings": [{"protocol": "UDP", "container_port": 53, "host_port": 5353, "host_ip": "127.0.0.1"}],
        "labels": {"app": "web", "io.dockercri.managed": "true"},
        "annotations": {"note": "round trip"},
        "linux": {
            "cgroup_parent": "/dockercri",
            "sysctls": {"net.ipv4.ip_forward": "1"},
            "security_context": {
                "namespace_options": {"network": "NODE", "pid": "CONTAINER"},
                "run_as_user": {"value": "1000"},
                "supplemental_groups": ["10", "20"],
                "seccomp": {"profile_type": "Localhost", "localhost_ref": "profiles/strict.json"},
            },
        },
    },
    "runtime_handler": "runc",
}


@pytest.mark.parametrize("version", VERSIONS)
def test_run_pod_sandbox_request_round_trip(version):
    pb2 = _pb2(version)
    msg = json_format.ParseDict(RUN_POD_SANDBOX, pb2.RunPodSandboxRequest())
    assert msg.config.metadata.attempt == 1
    assert msg.config.labels["app"] == "web"
    assert msg.config.port_mappings[0].protocol == pb2.UDP
    assert msg.config.linux.security_context.namespace_options.network == pb2.NODE
    assert msg.config.linux.security_context.run_as_user.value == 1000
    assert msg.config.linux.security_context.seccomp.profile_type == pb2.SecurityProfile.Localhost

    wire = msg.SerializeToString(deterministic=True)
    again = pb2.RunPodSandboxRequest.FromString(wire)
    assert again == msg
    assert again.SerializeToString(deterministic=True) == wire
    # int64 values come back as JSON strings, everything else as given.
    assert json_format.MessageToDict(again, preserving_proto_field_name=True) == RUN_POD_SANDBOX


def test_key_value_is_text_in_both_versions():
    for version in VERSIONS:
        kv = _pb2(version).KeyValue(key="PATH", value="/usr/bin")
        assert isinstance(kv.value, str)
        parsed = _pb2(version).KeyValue.FromString(kv.SerializeToString())
        assert parsed.value == "/usr/bin"
