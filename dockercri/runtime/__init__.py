"""The only layer that speaks gRPC: connects to the CRI runtime and executes plans.

Nothing outside this package imports grpc or the generated *_pb2_grpc stubs,
so explain, --help and completion stay free of that start-up cost.
"""
