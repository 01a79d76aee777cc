#!/usr/bin/env python3
"""Regenerate the ``dockercri._gen`` package from the CRI protos in ``protos/``.

Usage::

    python tools/gen_protos.py           # rewrite dockercri/_gen/ in place
    python tools/gen_protos.py --check   # exit 1, with a diff summary, if it is stale

protoc (from grpcio-tools) names each proto file after its path under
``protos/`` (``runtime/v1/api.proto``), so the descriptor pool holds distinct
files for v1 and v1alpha2 and both can be imported in one process. Its output
refers to the module as ``runtime.v1.api_pb2``; that name is rewritten to the
real one, ``dockercri._gen.v1.api_pb2``, in the ``_grpc`` module's import and in
the module name given to the message builder. Nothing else is changed. Beside
them, ``shapes.py`` is written from protoc's descriptor set. The
output depends only on the proto files and the grpcio-tools version, so running
the command twice gives identical files.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

REPO_ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = REPO_ROOT / "protos"
GEN_DIR = REPO_ROOT / "dockercri" / "_gen"
GEN_PACKAGE = "dockercri._gen"
# (sub-package, proto package); the proto file is protos/runtime/<version>/api.proto.
VERSIONS = (("v1", "runtime.v1"), ("v1alpha2", "runtime.v1alpha2"))

HEADER = "# Regenerate with `python tools/gen_protos.py`; never edit by hand.\n"

PACKAGE_DOC = '''\
"""Python modules generated from the CRI protos in ``protos/``.

Everything in this package is generated and never edited by hand. To change it,
edit ``protos/runtime/<version>/api.proto`` and run::

    python tools/gen_protos.py

``python tools/gen_protos.py --check`` tells whether the committed files are current.

Sub-packages: ``v1`` (CRI ``runtime.v1``) and ``v1alpha2`` (CRI ``runtime.v1alpha2``).
Each has ``api_pb2`` (messages and enums; needs only protobuf) and ``api_pb2_grpc``
(``RuntimeServiceStub`` and ``ImageServiceStub``; needs grpcio), and ``shapes`` (which
fields are enums, messages, maps or bytes, as plain dicts; needs nothing).

Generated with grpcio-tools {tools_version}; the modules need protobuf >= {pb_version}
and, for the ``_grpc`` modules, grpcio >= {grpc_version}. That generator is pinned
(see ``GRPCIO_TOOLS`` in tools/gen_protos.py) because its output carries no runtime
version guard: the same files run on Python 3.9 and on protobuf 4.25 through 7.x.
"""
'''

GRPCIO_TOOLS = "grpcio-tools==1.62.3"

VERSION_DOC = '"""Generated modules for CRI ``{package}``; see :mod:`dockercri._gen`."""\n'


class GenerationError(RuntimeError):
    """protoc failed or its output did not have the expected shape."""


def _grpc_tools_version() -> str:
    try:
        from importlib.metadata import version
    except ImportError:  # pragma: no cover - Python < 3.8
        return "unknown"
    try:
        return version("grpcio-tools")
    except Exception:  # pragma: no cover - not installed as a distribution
        return "unknown"


def _run_protoc(out_dir: Path) -> None:
    from grpc_tools import protoc  # imported late so that --help works without it

    wkt = Path(protoc.__file__).resolve().parent / "_proto"
    sources = [str(PROTO_ROOT / "runtime" / v / "api.proto") for v, _ in VERSIONS]
    args = [
        "grpc_tools.protoc",
        "--proto_path=%s" % PROTO_ROOT,
        "--proto_path=%s" % wkt,
        "--python_out=%s" % out_dir,
        "--grpc_python_out=%s" % out_dir,
        "--include_imports",
        "--descriptor_set_out=%s" % (out_dir / "descriptors.pb"),
    ] + sources
    rc = protoc.main(args)
    if rc != 0:
        raise GenerationError("protoc exited with status %d" % rc)


def _read(path: Path) -> str:
    with open(path, "r", encoding="utf-8", newline="") as fh:
        return fh.read()


def _replace_once(text: str, pattern: str, repl: str, what: str) -> str:
    new, count = re.subn(pattern, repl, text, flags=re.MULTILINE)
    if count != 1:
        raise GenerationError("expected exactly one %s, found %d" % (what, count))
    return new


def _fix_pb2(text: str, version: str) -> str:
    old = "runtime.%s.api_pb2" % version
    new = "%s.%s.api_pb2" % (GEN_PACKAGE, version)
    return _replace_once(
        text,
        r"^(_builder\.BuildTopDescriptorsAndMessages\(DESCRIPTOR, )'%s'" % re.escape(old),
        r"\g<1>'%s'" % new,
        "BuildTopDescriptorsAndMessages call naming %s" % old,
    )


def _fix_grpc(text: str, version: str) -> str:
    return _replace_once(
        text,
        r"^from runtime\.%s import api_pb2 as (\w+)$" % re.escape(version),
        r"from %s.%s import api_pb2 as \g<1>" % (GEN_PACKAGE, version),
        "import of runtime.%s.api_pb2" % version,
    )


def _search(pattern: str, text: str, what: str) -> str:
    m = re.search(pattern, text, flags=re.MULTILINE)
    if not m:
        raise GenerationError("cannot find %s in protoc output" % what)
    return m.group(1)


def generate() -> Dict[str, str]:
    """Run protoc in a temporary directory; return {path relative to GEN_DIR: text}."""
    files = {}  # type: Dict[str, str]
    with tempfile.TemporaryDirectory(prefix="dockercri-gen-") as tmp:
        raw = Path(tmp)
        _run_protoc(raw)
        pb_version = grpc_version = ""
        for version, package in VERSIONS:
            src = raw / "runtime" / version
            pb2 = _read(src / "api_pb2.py")
            grpc = _read(src / "api_pb2_grpc.py")
            pb_version = _search(r"^# Protobuf Python Version: (\S+)$", pb2, "protobuf version")
            # Older grpcio-tools (the pinned one, chosen so the code runs on
            # Python 3.9 and on every protobuf from 4.25 on) write no version guard.
            found = re.search(r"^GRPC_GENERATED_VERSION = '([^']+)'$", grpc, flags=re.MULTILINE)
            grpc_version = found.group(1) if found else "1.62"
            if re.search(r"^\s*import grpc\b|^\s*from grpc\b", pb2, flags=re.MULTILINE):
                raise GenerationError("api_pb2 for %s unexpectedly imports grpc" % version)
            files["%s/__init__.py" % version] = VERSION_DOC.format(package=package)
            files["%s/api_pb2.py" % version] = HEADER + _fix_pb2(pb2, version)
            files["%s/api_pb2_grpc.py" % version] = HEADER + _fix_grpc(grpc, version)
            files["%s/shapes.py" % version] = HEADER + _shapes(raw / "descriptors.pb", package)
    files["__init__.py"] = PACKAGE_DOC.format(
        tools_version=_grpc_tools_version(),
        pb_version=pb_version,
        grpc_version=grpc_version,
    )
    return files


SHAPES_DOC = '''"""Which fields of CRI ``{package}`` are not plain JSON values, for code that must
know without importing protobuf (explain writes crictl's files with it).

RPC_INPUTS: "Service.Method" -> request message. MESSAGES: message -> {{field: shape}}
for its message, enum, map and bytes fields only; a shape is ("message", type),
("enum", enum), ("bytes",) or ("map", value shape). ENUMS: enum -> {{name: number}}.
Names are relative to the proto package; nested ones are dotted ("A.B").
"""
'''


def _shapes(descriptor_set: Path, package: str) -> str:
    """The shapes module of one proto package, from protoc's descriptor set."""
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(descriptor_set.read_bytes())
    prefix = "." + package + "."
    kinds = descriptor_pb2.FieldDescriptorProto
    messages, enums, inputs, entries = {}, {}, {}, {}

    def local(type_name):
        return type_name[len(prefix):] if type_name.startswith(prefix) else type_name.lstrip(".")

    def collect(message, outer):
        name = outer + message.name
        if message.options.map_entry:
            entries[name] = message
        for enum in message.enum_type:
            enums[name + "." + enum.name] = {v.name: v.number for v in enum.value}
        for nested in message.nested_type:
            collect(nested, name + ".")
        messages[name] = message

    for proto in fds.file:
        if proto.package != package:
            continue
        for enum in proto.enum_type:
            enums[enum.name] = {v.name: v.number for v in enum.value}
        for message in proto.message_type:
            collect(message, "")
        for service in proto.service:
            for method in service.method:
                inputs["%s.%s" % (service.name, method.name)] = local(method.input_type)

    def shape(field):
        if field.type == kinds.TYPE_ENUM:
            return ("enum", local(field.type_name))
        if field.type == kinds.TYPE_BYTES:
            return ("bytes",)
        if field.type == kinds.TYPE_MESSAGE:
            entry = entries.get(local(field.type_name))
            if entry is not None:
                value = shape(entry.field[1])
                return ("map", value) if value else None
            return ("message", local(field.type_name))
        return None

    out = {}
    for name in sorted(messages):
        if name in entries:
            continue
        fields = {f.name: shape(f) for f in messages[name].field if shape(f)}
        if fields:
            out[name] = fields
    lines = [SHAPES_DOC.format(package=package), "RPC_INPUTS = {"]
    lines += ["    %r: %r," % item for item in sorted(inputs.items())]
    lines += ["}", "", "MESSAGES = {"]
    for name, fields in out.items():
        lines.append("    %r: {" % name)
        lines += ["        %r: %r," % item for item in fields.items()]
        lines.append("    },")
    lines += ["}", "", "ENUMS = {"]
    for name in sorted(enums):
        lines.append("    %r: {%s}," % (name, ", ".join("%r: %d" % item for item in enums[name].items())))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _committed_py_files(dest: Path) -> List[str]:
    found = []
    for path in sorted(dest.rglob("*.py")):
        rel = path.relative_to(dest)
        if "__pycache__" in rel.parts:
            continue
        found.append(rel.as_posix())
    return found


def compare(files: Dict[str, str], dest: Path = GEN_DIR, max_diff_lines: int = 40) -> List[str]:
    """Describe how ``dest`` differs from ``files``; an empty list means identical."""
    problems = []  # type: List[str]
    try:
        shown_dir = dest.resolve().relative_to(REPO_ROOT).as_posix() + "/"
    except ValueError:
        shown_dir = str(dest) + os.sep
    for rel in sorted(files):
        path = dest / rel
        if not path.exists():
            problems.append("missing: %s%s" % (shown_dir, rel))
            continue
        have = _read(path)
        if have == files[rel]:
            continue
        diff = list(
            difflib.unified_diff(
                have.splitlines(),
                files[rel].splitlines(),
                "committed/%s" % rel,
                "regenerated/%s" % rel,
                lineterm="",
                n=1,
            )
        )
        shown = [line if len(line) <= 160 else line[:157] + "..." for line in diff[:max_diff_lines]]
        if len(diff) > max_diff_lines:
            shown.append("... %d more diff lines" % (len(diff) - max_diff_lines))
        problems.append("differs: %s%s\n%s" % (shown_dir, rel, "\n".join("    " + s for s in shown)))
    for rel in _committed_py_files(dest):
        if rel not in files:
            problems.append("not generated (stale?): %s%s" % (shown_dir, rel))
    return problems


def write(files: Dict[str, str], dest: Path = GEN_DIR) -> List[str]:
    """Write ``files`` under ``dest``, dropping stale modules; return what changed."""
    changed = []
    for rel in sorted(files):
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and _read(path) == files[rel]:
            continue
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(files[rel])
        changed.append(rel)
    for rel in _committed_py_files(dest):
        if rel not in files:
            os.remove(str(dest / rel))
            changed.append("removed " + rel)
    return changed


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary directory and exit 1 if dockercri/_gen differs",
    )
    args = parser.parse_args(argv)
    try:
        import grpc_tools.protoc  # noqa: F401
    except ImportError:
        print("gen_protos: grpc_tools is not installed (pip install grpcio-tools)", file=sys.stderr)
        return 2
    try:
        files = generate()
    except GenerationError as exc:
        print("gen_protos: %s" % exc, file=sys.stderr)
        return 2
    if args.check:
        problems = compare(files)
        if problems:
            print("dockercri/_gen is out of date (%d file(s)):" % len(problems))
            for p in problems:
                print("  " + p)
            print("Run: python tools/gen_protos.py  (installed grpcio-tools: %s)" % _grpc_tools_version())
            return 1
        print("dockercri/_gen is up to date")
        return 0
    changed = write(files)
    for rel in changed:
        print("wrote " + rel if not rel.startswith("removed ") else rel)
    if not changed:
        print("dockercri/_gen is already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
