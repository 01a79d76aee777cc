"""Steps done on the node rather than through CRI.

dockercri runs on the node as root: where CRI has no call but the node has the
facts (a process to signal, a file to write or remove, a log file to read), a
plan says so with a node step, and the executor calls the function named there
with the step's filled request. These functions never call the runtime.
"""
