#!/bin/sh
# orphan-sandboxes.sh: running pod sandboxes whose pod has no running container left.
docker ps --format '{{.ID}} {{.Label "io.kubernetes.pod.uid"}} {{.Label "io.kubernetes.container.name"}}' |
    awk '$3 == "POD" { sandbox[$2] = $1 } $3 != "POD" { busy[$2] = 1 }
         END { for (uid in sandbox) if (!(uid in busy)) print sandbox[uid] }'
