"""Generated modules for CRI ``runtime.v1alpha2``; see :mod:`dockercri._gen`."""
