#!/usr/bin/env bash
# Record what the reference Docker engine (Debian's docker.io, 20.10.x) prints
# for a fixed set of commands, into tests/golden/docker/<case>.txt.
#
# Each file holds:
#   $ docker ARGS...          (the command line, shell-quoted)
#   --- exit: N
#   --- stdout:
#   ...raw bytes...
#   --- stderr:
#   ...raw bytes...
# A stream that does not end in a newline gets one added, followed by the line
# "--- (no newline at end of stdout)" / "--- (no newline at end of stderr)".
#
# The script starts a private dockerd (and the containerd it manages) under
# $REF_ROOT, never touching any other daemon on the machine, and stops it at
# the end (KEEP_DAEMON=1 leaves it running). No registry is needed: the test
# image is built from /bin/busybox (package busybox-static).
#
# Usage: tools/record_docker.sh [OUTDIR]
#   env: DOCKER=/usr/bin/docker  DOCKERD=dockerd (a program, no arguments)
#        REF_ROOT=/var/tmp/refdocker
#        SLOW=1 (wait ~2 minutes to record "About a minute ago"/"2 minutes ago")
#        KEEP_DAEMON=0
set -u

HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$HERE/tests/golden/docker}
DOCKER=${DOCKER:-/usr/bin/docker}   # /usr/local/bin/docker may be another client
DOCKERD=${DOCKERD:-dockerd}
REF_ROOT=${REF_ROOT:-/var/tmp/refdocker}
SLOW=${SLOW:-1}
KEEP_DAEMON=${KEEP_DAEMON:-0}
IMG=busybox:1.35

SOCK=$REF_ROOT/docker.sock
export DOCKER_HOST=unix://$SOCK
export DOCKER_CONFIG=$REF_ROOT/client-config   # keep ~/.docker untouched
MISSING_HOST=unix://$REF_ROOT/nosuch.sock
TMP=$REF_ROOT/tmp
mkdir -p "$OUT" "$TMP" "$DOCKER_CONFIG"

log() { printf '>> %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
d() { "$DOCKER" "$@" </dev/null; }   # plain call, not recorded

# ---------------------------------------------------------------- daemon ----
# tools/refdocker.py starts dockerd (installing docker.io when missing) with
# everything below $REF_ROOT; when a system containerd answers at
# /run/containerd/containerd.sock it gives dockerd a private containerd
# instead of letting it attach to that one.
STARTED=0
refdocker() {
    DOCKER="$DOCKER" DOCKERD="$DOCKERD" python3 "$HERE/tools/refdocker.py" "$1" \
        --root "$REF_ROOT" >/dev/null
}

start_daemon() {
    if d version >/dev/null 2>&1; then
        log "using already running daemon at $DOCKER_HOST"
        return
    fi
    STARTED=1
    refdocker start || die "dockerd did not come up; see $REF_ROOT/dockerd.log"
}

stop_daemon() {
    [ "$STARTED" = 1 ] && [ "$KEEP_DAEMON" != 1 ] || return 0
    log "stopping dockerd"
    refdocker stop   # removes every container, stops dockerd and its containerd
}
trap stop_daemon EXIT

# ------------------------------------------------------------- recording ----
q() {   # shell-quote one word, leaving plain words bare
    local s=$1
    if [[ $s =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
        printf '%s' "$s"
    else
        printf "'%s'" "${s//\'/\'\\\'\'}"
    fi
}

body() {   # body FILE NAME: raw content, marking a missing final newline
    local f=$1 name=$2
    [ -s "$f" ] || return 0
    cat "$f"
    if [ "$(tail -c1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
        printf '\n--- (no newline at end of %s)\n' "$name"
    fi
}

# rec CASE [VAR=VALUE...] docker ARGS...
# With MERGE=1 in the environment, stderr is sent into stdout (shown as 2>&1)
# so that the relative order of the two streams is kept. UNSET="VAR..." runs
# the command with those variables removed (shown as env -u VAR).
rec() {
    local case=$1; shift
    local envs=() line='$' v
    for v in ${UNSET:-}; do
        envs+=("-u" "$v")
        line+=" env -u $v"
    done
    while [[ $1 == *=* ]]; do
        envs+=("$1")
        line+=" ${1%%=*}=$(q "${1#*=}")"
        shift
    done
    [ "$1" = docker ] || die "rec $case: expected 'docker'"
    shift
    line+=" docker"
    local a
    for a in "$@"; do line+=" $(q "$a")"; done
    local rc
    if [ "${MERGE:-0}" = 1 ]; then
        line+=" 2>&1"
        env ${envs[@]+"${envs[@]}"} timeout 120 "$DOCKER" "$@" </dev/null \
            >"$TMP/stdout" 2>&1
        rc=$?
        : >"$TMP/stderr"
    else
        env ${envs[@]+"${envs[@]}"} timeout 120 "$DOCKER" "$@" </dev/null \
            >"$TMP/stdout" 2>"$TMP/stderr"
        rc=$?
    fi
    {
        printf '%s\n' "$line"
        printf -- '--- exit: %s\n' "$rc"
        printf -- '--- stdout:\n'
        body "$TMP/stdout" stdout
        printf -- '--- stderr:\n'
        body "$TMP/stderr" stderr
    } >"$OUT/$case.txt"
    log "$case (exit $rc)"
}

# ------------------------------------------------------------------ setup ----
start_daemon

log "resetting daemon state"
d ps -aq | while read -r id; do d rm -f "$id" >/dev/null; done
d images -q | sort -u | while read -r id; do d rmi -f "$id" >/dev/null; done

# make_image DIR TAG [MARKER]: busybox rootfs imported as an image
# (import reads the tarball from stdin, so docker is called directly here)
make_image() {
    local root=$1 tag=$2
    rm -rf "$root"
    mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
    cp /bin/busybox "$root/bin/busybox"
    local a
    for a in sh echo sleep cat ls true false env ps id printf kill wc head tail; do
        ln -s busybox "$root/bin/$a"
    done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
    echo 'root:x:0:' >"$root/etc/group"
    [ $# -ge 3 ] && printf '%s\n' "$3" >"$root/etc/marker"
    tar --numeric-owner -C "$root" -c . |
        "$DOCKER" import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - "$tag" >/dev/null ||
        die "import $tag failed"
}

make_image "$REF_ROOT/rootfs" "$IMG"
d tag "$IMG" busybox:latest
d tag "$IMG" localhost:5000/library/busybox:1.35
IMAGE_ID=$(d inspect -f '{{.Id}}' "$IMG")

rm -f "$OUT"/*.txt

# --------------------------------------------- daemon-independent cases ----
rec version docker version
rec version_format docker version --format '{{.Server.Version}}'
rec version_client_format docker version --format '{{.Client.Version}}'
rec version_no_daemon DOCKER_HOST="$MISSING_HOST" docker version
rec info docker info
rec info_format docker info --format '{{.ServerVersion}}'
rec info_no_daemon DOCKER_HOST="$MISSING_HOST" docker info
rec ps_no_daemon DOCKER_HOST="$MISSING_HOST" docker ps
rec images_no_daemon DOCKER_HOST="$MISSING_HOST" docker images
if [ ! -e /var/run/docker.sock ]; then
    UNSET=DOCKER_HOST rec ps_no_daemon_default docker ps
fi

rec version_flag docker --version
# the global usage text shows the default config path: record it unset
UNSET=DOCKER_CONFIG rec cli_no_args docker
UNSET=DOCKER_CONFIG rec help_docker docker --help
for c in ps images inspect logs rm rmi run create start stop kill restart wait exec pull stats version info; do
    rec "help_$c" docker "$c" --help
done
rec help_container_ls docker container ls --help
rec help_image_ls docker image ls --help
rec cli_ps_bad_flag docker ps --nosuch
rec cli_ps_bad_n docker ps -n x
rec cli_unknown_command docker nosuchcommand
rec cli_images_two_args docker images a b
rec cli_inspect_no_args docker inspect
rec cli_rm_no_args docker rm
rec cli_logs_no_args docker logs
rec cli_logs_two_args docker logs a b
rec cli_run_no_args docker run
rec cli_exec_one_arg docker exec web
rec cli_stop_no_args docker stop
rec cli_run_bad_flag docker run --nosuch "$IMG"
rec cli_bad_format docker ps --format '{{.Nosuch}}'

# ---------------------------------------------------------------- images ----
rec images docker images
rec images_q docker images -q
rec images_no_trunc docker images --no-trunc
rec images_digests docker images --digests
rec images_repo docker images busybox
rec images_repo_tag docker images busybox:1.35
rec images_nosuch docker images nosuch
rec images_a docker images -a
rec images_format docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'
rec images_format_json docker images --format '{{json .}}'
rec images_format_table docker images --format 'table {{.Repository}}\t{{.ID}}'
rec images_repo_q docker images -q busybox
rec image_ls docker image ls

# -------------------------------------------------------------- fixtures ----
# web: running, named, labelled; exit3: exited with status 3;
# one created-not-started container with a generated name.
rec run_d docker run -d --name web --label app=web "$IMG" sleep 1000
rec run_exit3 docker run --name exit3 "$IMG" sh -c 'exit 3'
rec create docker create "$IMG" echo hello
WEB_ID=$(d inspect -f '{{.Id}}' web)
EXIT3_ID=$(d inspect -f '{{.Id}}' exit3)
CREATED_ID=$(d ps -lq --no-trunc)
CREATED_NAME=$(d inspect -f '{{.Name}}' "$CREATED_ID")
sleep 3

# ------------------------------------------------------------------- ps -----
rec ps docker ps
rec ps_a docker ps -a
rec ps_q docker ps -q
rec ps_aq docker ps -aq
rec ps_n2 docker ps -n 2
rec ps_l docker ps -l
rec ps_no_trunc_a docker ps --no-trunc -a
rec ps_s_a docker ps -s -a
rec ps_a_format_names docker ps -a --format '{{.Names}}'
rec ps_a_format_table docker ps -a --format 'table {{.ID}}\t{{.Names}}\t{{.Status}}'
rec ps_a_format_json docker ps -a --format '{{json .}}'
rec ps_a_quiet_no_trunc docker ps -aq --no-trunc
rec ps_a_format_labels docker ps -a --format '{{.Names}} {{.Labels}} {{.Label "app"}}'
rec ps_filter_name docker ps -a --filter name=web
rec ps_filter_status docker ps -a --filter status=exited
rec ps_filter_label docker ps -a --filter label=app=web
rec container_ls docker container ls
rec container_ls_a docker container ls -a

# --------------------------------------------------------------- inspect ----
rec inspect_container docker inspect web
rec inspect_exited docker inspect exit3
rec inspect_created docker inspect "$CREATED_ID"
rec inspect_image docker inspect "$IMG"
rec inspect_nosuch docker inspect nosuch
rec inspect_web_nosuch docker inspect web nosuch
rec inspect_nosuch_web docker inspect nosuch web
rec inspect_type_container_image docker inspect --type container "$IMG"
rec inspect_type_image_container docker inspect --type image web
rec inspect_format docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web exit3
rec inspect_format_nosuch docker inspect --format '{{.Name}}' web nosuch
rec inspect_short_id docker inspect --format '{{.Name}}' "${WEB_ID:0:12}"
rec container_inspect_nosuch docker container inspect nosuch
rec image_inspect_nosuch docker image inspect nosuch
rec image_inspect_container docker image inspect web

# Ambiguous prefix: make sure two containers share their first hex digit.
amb_digit() {
    d ps -aq --no-trunc | cut -c1 | sort | uniq -d | head -n1
}
n=0
while [ -z "$(amb_digit)" ] && [ $n -lt 20 ]; do
    d create --name "amb$n" "$IMG" true >/dev/null
    n=$((n + 1))
done
AMB=$(amb_digit)
if [ -n "$AMB" ]; then
    rec inspect_ambiguous docker inspect "$AMB"
    rec inspect_ambiguous_type_container docker inspect --type container "$AMB"
    rec rm_ambiguous docker rm "$AMB"
fi
for i in $(seq 0 $((n - 1))); do d rm -f "amb$i" >/dev/null; done

# ----------------------------------------------------------------- stats ----
rec stats_no_stream docker stats --no-stream
rec stats_no_stream_a docker stats --no-stream -a
rec stats_no_stream_nosuch docker stats --no-stream nosuch
rec stats_no_stream_web docker stats --no-stream web

# ------------------------------------------------------------------ logs ----
d run --name talker "$IMG" sh -c \
    'echo out1; echo err1 >&2; sleep 0.1; echo out2; echo err2 >&2; sleep 0.1; echo out3' \
    >/dev/null 2>&1
rec logs docker logs talker
MERGE=1 rec logs_merged docker logs talker
MERGE=1 rec logs_t_merged docker logs -t talker
rec logs_tail2 docker logs --tail 2 talker
rec logs_tail0 docker logs --tail 0 talker
rec logs_t docker logs -t talker
rec logs_since_future docker logs --since 2099-01-01T00:00:00 talker
rec logs_nosuch docker logs nosuch
rec logs_created docker logs "$CREATED_ID"

# --------------------------------------------------------- long command ----
d run --name longcmd "$IMG" sh -c \
    'echo a rather long command line that docker ps has to shorten' >/dev/null
rec ps_a_long_command docker ps -a
rec ps_a_long_command_no_trunc docker ps -a --no-trunc

# ------------------------------------------------------------------- run ----
rec run_rm_exit7 docker run --rm "$IMG" sh -c 'echo out; echo err >&2; exit 7'
MERGE=1 rec run_rm_nosuchcmd_merged docker run --rm "$IMG" nosuchcmd
rec run_rm_nosuchcmd docker run --rm "$IMG" nosuchcmd
rec run_rm_not_executable docker run --rm "$IMG" /etc/passwd
rec run_rm_dir docker run --rm "$IMG" /etc
rec run_bad_flag docker run --nosuch "$IMG"
rec run_name_in_use docker run --name web "$IMG" true
rec create_name_in_use docker create --name web "$IMG" true
rec run_missing_image_local_registry docker run --rm localhost:5000/nosuch:1
rec run_missing_image docker run --rm nosuchimage:1
rec pull_missing docker pull nosuchimage:1
rec pull_missing_local_registry docker pull localhost:5000/nosuch:1
rec create_missing_image docker create localhost:5000/nosuch:1

# ------------------------------------------------ start/stop/kill/... -------
rec create_named docker create --name svc "$IMG" sleep 1000
SVC_ID=$(d inspect -f '{{.Id}}' svc)
rec start docker start svc
rec start_running docker start svc
rec stop docker stop -t 1 svc
rec stop_stopped docker stop svc
rec start_short_id docker start "${SVC_ID:0:12}"
rec restart docker restart -t 1 svc
rec kill docker kill svc
rec wait_killed docker wait svc
rec wait_exit3 docker wait exit3
rec start_two docker start svc exit3
rec kill_hup_web docker kill -s HUP web
rec kill_usr1 docker kill --signal SIGUSR1 web
rec kill_not_running docker kill exit3
rec stop_nosuch docker stop nosuch
rec start_nosuch docker start nosuch
rec restart_nosuch docker restart nosuch
rec kill_nosuch docker kill nosuch
rec wait_nosuch docker wait nosuch
rec stop_partial docker stop -t 1 svc nosuch

# ------------------------------------------------------------------ exec ----
rec exec_nosuchcmd docker exec web nosuchcmd
rec exec_nosuchcmd_t docker exec -t web nosuchcmd
rec exec_not_executable docker exec web /etc/passwd
rec exec_exit5 docker exec web sh -c 'exit 5'
rec exec_echo docker exec web sh -c 'echo out; echo err >&2'
rec exec_not_running docker exec exit3 true
rec exec_nosuch docker exec nosuch true

# ---------------------------------------------------- humanised durations ---
if [ "$SLOW" = 1 ]; then
    since_exit() {   # seconds since exit3 finished
        local fin
        fin=$(d inspect -f '{{.State.FinishedAt}}' exit3)
        echo $(($(date +%s) - $(date -d "$fin" +%s)))
    }
    # exit3 was restarted by start_two above; wait for its new FinishedAt
    while [ "$(since_exit)" -lt 65 ]; do sleep 2; done
    rec ps_a_about_a_minute docker ps -a
    rec images_about_a_minute docker images
    while [ "$(since_exit)" -lt 125 ]; do sleep 2; done
    rec ps_a_minutes docker ps -a
    rec images_minutes docker images
fi

# -------------------------------------------------------------------- rm ----
rec rm_running docker rm web
rec rm_nosuch docker rm nosuch
rec rm_running_nosuch docker rm web nosuch
rec rm_partial docker rm longcmd nosuch
rec rm_two docker rm talker "$CREATED_ID"
rec rm_f_running docker rm -f web
rec rm_f_nosuch docker rm -f nosuch

# ------------------------------------------------------------------- rmi ----
# a second, unused image with two tags
make_image "$REF_ROOT/rootfs2" other:1 "second image"
d tag other:1 other:2
OTHER_ID=$(d inspect -f '{{.Id}}' other:1)
rec images_two_images docker images
rec rmi_multi_repo_by_id docker rmi "${OTHER_ID#sha256:}"
rec rmi_one_of_two_tags docker rmi other:2
rec rmi_last_tag docker rmi other:1
rec rmi_extra_tag docker rmi busybox:latest
rec rmi_used_tag_with_sibling docker rmi localhost:5000/library/busybox:1.35
rec rmi_used_by_container docker rmi "$IMG"
rec rmi_used_by_container_id docker rmi "${IMAGE_ID#sha256:}"
rec rmi_nosuch docker rmi nosuch
rec rmi_partial docker rmi nosuch "$IMG"

# ----------------------------------------------------------- id mapping -----
{
    echo "# Objects present while recording (for normalising ids/names)."
    echo "image $IMG $IMAGE_ID"
    echo "image other:1 $OTHER_ID"
    echo "container web $WEB_ID"
    echo "container exit3 $EXIT3_ID"
    echo "container ${CREATED_NAME#/} $CREATED_ID"
    echo "container svc $SVC_ID"
    [ -n "${AMB:-}" ] && echo "ambiguous-prefix $AMB"
    echo "recorded-with $("$DOCKER" --version)"
} >"$OUT/_objects.txt"

log "done: $(ls "$OUT" | wc -l) files in $OUT"
