"""python -m dockercri.testbed up|down|status|env|images [--dir DIR] [--registry-port N]"""

from __future__ import annotations

import argparse
import json
import sys

from . import images as images_mod
from .core import Testbed
from .errors import TestbedError


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dir", help="testbed folder (default: "
                        "$DOCKERCRI_TESTBED_DIR or /var/tmp/dockercri-testbed)")
    common.add_argument("--registry-port", type=int,
                        help="port of the local registry on 127.0.0.1 "
                        "(default: the last one used, else 5000)")
    parser = argparse.ArgumentParser(
        prog="python -m dockercri.testbed",
        description="A private containerd (CRI) and image registry for tests.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    sub.add_parser("up", parents=[common],
                   help="start (or reuse) the testbed")
    down = sub.add_parser("down", parents=[common],
                          help="stop everything the testbed started")
    down.add_argument("--purge", action="store_true",
                      help="also remove the folder, images and caches")
    status = sub.add_parser("status", parents=[common],
                            help="show whether the testbed is running")
    status.add_argument("--json", action="store_true")
    sub.add_parser("env", parents=[common],
                   help="print shell exports for clients: "
                   'eval "$(python -m dockercri.testbed env)"')
    sub.add_parser("images", parents=[common],
                   help="list the images it serves, by the names to type")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)

    def log(message):
        print(message, file=sys.stderr, flush=True)

    tb = Testbed(args.dir, registry_port=args.registry_port, log=log)
    try:
        if args.command == "up":
            tb.up()
            log("testbed: ready in %.2fs at %s" % (tb.timings["up"],
                                                    tb.endpoint))
            sys.stdout.write(tb.shell_env())
        elif args.command == "down":
            tb.down(purge=args.purge)
        elif args.command == "env":
            sys.stdout.write(tb.shell_env())
        elif args.command == "images":
            for typed, reference in images_mod.typed_names(tb.registry):
                print("%-16s %s" % (typed, reference))
        elif args.command == "status":
            st = tb.status()
            if args.json:
                print(json.dumps(st, indent=2, sort_keys=True))
            else:
                for name in ("containerd", "registry_server"):
                    part = st[name]
                    print("%-10s %s%s" % (
                        name.split("_")[0],
                        "running" if part["healthy"] else "stopped",
                        " (pid %d)" % part["pid"] if part["pid"] else ""))
                print("endpoint   %s" % st["endpoint"])
                print("registry   %s" % st["registry"])
                print("shims      %d" % st["shims"])
                for name, ref in sorted(st["images"].items()):
                    print("image      %-15s %s" % (name, ref))
            return 0 if st["healthy"] else 1
    except TestbedError as err:
        print("dockercri-testbed: %s" % err, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        sys.stderr.close()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
