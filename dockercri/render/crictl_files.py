"""The crictl config files in the form crictl's decoder takes.

crictl reads pod-config.json and container-config.json with Go's encoding/json
into the CRI API's generated Go structs: keys are the proto field names, but an
enum is a number (`"network": 2`, not `"NODE"`), bytes are base64 text, and
int64 values are plain JSON numbers. The plan's requests name enum values (as
protobuf's Python constructors accept them, and as a reader understands them);
`go_form` rewrites such a config by the field shapes generated from the CRI v1
proto (dockercri._gen.v1.shapes, no protobuf import), and `enum_legend` says
which names the numbers stand for.
"""

import base64

from dockercri._gen.v1 import shapes


def request_type(rpc):
    """The request message of "RuntimeService.RunPodSandbox"; None if unknown."""
    return shapes.RPC_INPUTS.get(rpc)


# crictl's two config files, by the names crictl's usage gives them.
FILE_MESSAGES = {"pod-config.json": "PodSandboxConfig",
                 "container-config.json": "ContainerConfig"}


def message_types_of(files, steps):
    """{file name: message name} for each file that some step's request holds, or that
    has the name of one of crictl's config files."""
    wanted = {id(content): name for name, content in files.items()}
    found = {}

    def walk(value, message):
        if id(value) in wanted and wanted[id(value)] not in found:
            found[wanted[id(value)]] = message
        if not isinstance(value, dict):
            return
        fields = shapes.MESSAGES.get(message, {})
        for key, item in value.items():
            shape = fields.get(key)
            if shape is None or shape[0] != "message":
                continue
            for element in (item if isinstance(item, list) else [item]):
                walk(element, shape[1])

    for step in steps:
        message = request_type(step.rpc) if step.rpc else None
        if message is not None:
            walk(step.request, message)
    for name in files:
        if name not in found and name in FILE_MESSAGES:
            found[name] = FILE_MESSAGES[name]
    return found


def _value(shape, value, legend, field):
    kind = shape[0]
    if kind == "enum":
        values = shapes.ENUMS[shape[1]]
        if isinstance(value, str) and value in values:
            legend.setdefault((field, values[value]), value)
            return values[value]
        if isinstance(value, int) and not isinstance(value, bool):
            names = [name for name, number in values.items() if number == value]
            if names:
                legend.setdefault((field, value), names[0])
        return value  # not a value of this enum: shown as given
    if kind == "bytes" and isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "message" and isinstance(value, dict):
        return _message(shape[1], value, legend)
    if kind == "map" and isinstance(value, dict):
        return {key: _value(shape[1], item, legend, field) for key, item in value.items()}
    return value


def _message(message, value, legend):
    fields = shapes.MESSAGES.get(message, {})
    out = {}
    for key, item in value.items():
        shape = fields.get(key)
        if shape is None:
            out[key] = item  # a plain value, or no field of the message: shown as given
        elif isinstance(item, list):
            out[key] = [_value(shape, element, legend, key) for element in item]
        else:
            out[key] = _value(shape, item, legend, key)
    return out


def go_form(message, config):
    """(config as crictl's Go decoder takes it, {(field, number): enum name}).

    message is the config's message name ("PodSandboxConfig"). Values that are not
    plain data (the plan's references to earlier results) are kept as they are; the
    caller renders them.
    """
    legend = {}
    if not isinstance(config, dict):
        return config, legend
    return _message(message, config, legend), legend


def enum_legend(legend):
    """One line naming the enum value behind each number in a file, or ""."""
    parts = []
    for (field, number), name in legend.items():
        part = "%s %d = %s" % (field, number, name)
        if part not in parts:
            parts.append(part)
    if not parts:
        return ""
    return "(enum values are numbers in the file: %s)" % "; ".join(parts)
