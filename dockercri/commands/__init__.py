"""Runners: execute a command's plan through the runtime and render docker's output."""
