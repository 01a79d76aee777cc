"""A private CRI runtime for tests: containerd plus a local image registry.

    from dockercri.testbed import Testbed
    tb = Testbed().up()      # reuses a running, healthy testbed
    tb.endpoint              # unix:///var/tmp/dockercri-testbed/run/containerd.sock
    tb.images["busybox"]     # 127.0.0.1:5000/library/busybox:1.35
    tb.down()

Everything lives below one folder ($DOCKERCRI_TESTBED_DIR, by default
/var/tmp/dockercri-testbed); a system containerd is never used or touched.
"""

from .core import Testbed
from .errors import TestbedError
from .layout import DEFAULT_DIR, DEFAULT_REGISTRY_PORT, default_dir

__all__ = ["Testbed", "TestbedError", "DEFAULT_DIR", "DEFAULT_REGISTRY_PORT",
           "default_dir"]
