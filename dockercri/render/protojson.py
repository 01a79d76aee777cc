"""CRI messages as JSON, the way crictl prints them (proto field names, 2-space indent)."""

import json


def message_dict(message):
    from google.protobuf import json_format

    # crictl prints default values too (state 0 is SANDBOX_READY): ask for them,
    # under the option's old or new name depending on the protobuf release.
    try:
        return json_format.MessageToDict(message, always_print_fields_with_no_presence=True)
    except TypeError:
        return json_format.MessageToDict(message, including_default_value_fields=True)


def messages_json(obj):
    def convert(value):
        if hasattr(value, "DESCRIPTOR"):
            return message_dict(value)
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(item) for item in value]
        return value
    return json.dumps(convert(obj), indent=2)
