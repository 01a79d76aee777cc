#!/bin/sh
# exit-codes.sh IMAGE CONTAINER: the statuses control flow depends on.
docker run --rm "$1" sh -c 'exit 3'; echo "run: $?"
docker run --rm "$1" no-such-command 2> /dev/null; echo "run missing command: $?"
docker exec "$2" sh -c 'exit 4'; echo "exec: $?"
docker inspect no-such-container > /dev/null 2>&1; echo "inspect missing: $?"
docker no-such-verb 2> /dev/null; echo "unknown verb: $?"
