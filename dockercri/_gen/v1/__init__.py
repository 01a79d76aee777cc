"""Generated modules for CRI ``runtime.v1``; see :mod:`dockercri._gen`."""
