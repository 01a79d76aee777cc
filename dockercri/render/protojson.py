"""CRI messages as JSON, the way crictl prints them (proto field names, 2-space indent)."""

import json


def message_dict(message):
    from google.protobuf import json_format

    return json_format.MessageToDict(message, preserving_proto_field_name=False)


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
