"""`dockercri doctor`: is this node ready to run Kubernetes without Docker?

Each module holds one family of checks. A check is a plain function of a
`Node` (files read below --root, and the CRI runtime) returning `Result`s, so
every check can be tried against a fake node built in a temporary directory.
"""
