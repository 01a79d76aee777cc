"""The crictl config files in the form crictl's decoder takes.

crictl reads pod-config.json and container-config.json with Go's encoding/json
into the CRI API's generated Go structs: keys are the proto field names, but an
enum is a number (`"network": 2`, not `"NODE"`), bytes are base64 text, and
int64 values are plain JSON numbers. The plan's requests name enum values (as
protobuf's Python constructors accept them, and as a reader understands them);
`go_form` rewrites such a config against the CRI v1 descriptors, and
`enum_legend` says which names the numbers stand for.
"""

import base64

from google.protobuf.descriptor import FieldDescriptor

_API = "dockercri._gen.v1.api_pb2"


def _descriptor_pool():
    import importlib
    return importlib.import_module(_API).DESCRIPTOR


def request_type(rpc):
    """The request message descriptor of "RuntimeService.RunPodSandbox"; None if unknown."""
    service, _, method = rpc.partition(".")
    found = _descriptor_pool().services_by_name.get(service)
    if found is None or method not in found.methods_by_name:
        return None
    return found.methods_by_name[method].input_type


def message_types_of(files, steps):
    """{file name: message descriptor} for each file that some step's request holds."""
    wanted = {id(content): name for name, content in files.items()}
    found = {}

    def walk(value, descriptor):
        if id(value) in wanted and wanted[id(value)] not in found:
            found[wanted[id(value)]] = descriptor
        if not isinstance(value, dict):
            return
        for key, item in value.items():
            field = descriptor.fields_by_name.get(key)
            if field is None or field.message_type is None or _is_map(field):
                continue
            for element in (item if isinstance(item, list) else [item]):
                walk(element, field.message_type)

    for step in steps:
        descriptor = request_type(step.rpc) if step.rpc else None
        if descriptor is not None:
            walk(step.request, descriptor)
    return found


def _is_map(field):
    return (field.type == FieldDescriptor.TYPE_MESSAGE
            and field.message_type.GetOptions().map_entry)


def _scalar(field, value, legend, path):
    if field.type == FieldDescriptor.TYPE_ENUM and isinstance(value, str):
        number = field.enum_type.values_by_name.get(value)
        if number is None:
            return value  # not a name of this enum: shown as given
        legend.setdefault((path, number.number), value)
        return number.number
    if field.type == FieldDescriptor.TYPE_ENUM and isinstance(value, int):
        named = field.enum_type.values_by_number.get(value)
        if named is not None:
            legend.setdefault((path, value), named.name)
        return value
    if field.type == FieldDescriptor.TYPE_BYTES and isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if field.type == FieldDescriptor.TYPE_MESSAGE and isinstance(value, dict):
        return _message(field.message_type, value, legend, path)
    return value


def _message(descriptor, value, legend, path):
    out = {}
    for key, item in value.items():
        field = descriptor.fields_by_name.get(key)
        if field is None:
            out[key] = item  # not a field: crictl's decoder ignores it, shown as given
            continue
        where = path + (key,)
        if _is_map(field) and isinstance(item, dict):
            value_field = field.message_type.fields_by_name["value"]
            out[key] = {name: _scalar(value_field, element, legend, where)
                        for name, element in item.items()}
        elif field.label == FieldDescriptor.LABEL_REPEATED and isinstance(item, list):
            out[key] = [_scalar(field, element, legend, where) for element in item]
        else:
            out[key] = _scalar(field, item, legend, where)
    return out


def go_form(descriptor, config):
    """(config as crictl's Go decoder takes it, {(field path, number): enum name}).

    Values that are not plain data (the plan's references to earlier results) are
    kept as they are; the caller renders them.
    """
    legend = {}
    if not isinstance(config, dict):
        return config, legend
    return _message(descriptor, config, legend, ()), legend


def enum_legend(legend):
    """One line naming the enum value behind each number in a file, or ""."""
    if not legend:
        return ""
    parts = []
    for (path, number), name in legend.items():
        part = "%s %d = %s" % (path[-1], number, name)
        if part not in parts:
            parts.append(part)
    return "(enum values are numbers in the file: %s)" % "; ".join(parts)
