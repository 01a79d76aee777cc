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


def runtime_config(status_response):
    """The runtime's own configuration from its verbose Status (containerd: info["config"])."""
    if status_response is None:
        return None
    raw = dict(status_response.info).get("config")
    if not raw:
        return None
    try:
        config = json.loads(raw)
    except ValueError:
        return None
    return config if isinstance(config, dict) else None


def configured_sandbox_image(status_response):
    """The sandbox (pause) image every pod of this runtime runs, where its config says it."""
    return (runtime_config(status_response) or {}).get("sandboxImage") or ""
