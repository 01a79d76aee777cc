"""dockercri: a docker-compatible command line over the Container Runtime Interface."""

__version__ = "0.1.0"
