"""Packages are listed here because the mapping table lives outside the dockercri tree
(the top-level mapping/ directory) and is installed as the package dockercri.mapping.table;
setup.cfg holds everything else."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["dockercri", "dockercri.*"],
                           # the private containerd for tests and the demo is not shipped
                           exclude=["dockercri.testbed", "dockercri.testbed.*"])
    + ["dockercri.mapping.table"],
    package_dir={"dockercri.mapping.table": "mapping"},
    package_data={"dockercri.mapping.table": ["*.toml"]},
)
