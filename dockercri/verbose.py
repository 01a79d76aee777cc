"""The runtime's verbose info: what a status call returns beside its typed fields."""

import json


def verbose_info(status_response):
    """containerd puts a JSON document under info["info"]; CRI-O spreads keys."""
    if status_response is None:
        return None
    raw = dict(status_response.info)
    if not raw:
        return None
    parsed = {}
    for key, value in raw.items():
        try:
            parsed[key] = json.loads(value)
        except ValueError:
            parsed[key] = value
    return parsed.get("info", parsed) if isinstance(parsed.get("info"), dict) else parsed
