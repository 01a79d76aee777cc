"""Python modules generated from the CRI protos in ``protos/``.

Everything in this package is generated and never edited by hand. To change it,
edit ``protos/runtime/<version>/api.proto`` and run::

    python tools/gen_protos.py

``python tools/gen_protos.py --check`` tells whether the committed files are current.

Sub-packages: ``v1`` (CRI ``runtime.v1``) and ``v1alpha2`` (CRI ``runtime.v1alpha2``).
Each has ``api_pb2`` (messages and enums; needs only protobuf) and ``api_pb2_grpc``
(``RuntimeServiceStub`` and ``ImageServiceStub``; needs grpcio), and ``shapes`` (which
fields are enums, messages, maps or bytes, as plain dicts; needs nothing).

Generated with grpcio-tools 1.62.3; the modules need protobuf >= 4.25.1
and, for the ``_grpc`` modules, grpcio >= 1.62. That generator is pinned
(see ``GRPCIO_TOOLS`` in tools/gen_protos.py) because its output carries no runtime
version guard: the same files run on Python 3.9 and on protobuf 4.25 through 7.x.
"""
