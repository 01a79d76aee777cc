"""The audit's parts: reading docker calls out of shell, units, crontabs and YAML; the
verdicts from the table and the plan; the assumptions; the command line."""

import json
import os
import subprocess
import sys

import pytest

from dockercri.audit import assumptions, sources
from dockercri.audit.classify import classify
from dockercri.audit.words import Call, Dynamic
from tests.conftest import run_cli

pytest.importorskip("tree_sitter_bash")
from dockercri.audit.shell import calls  # noqa: E402 - needs the optional parser

HERE = os.path.dirname(os.path.abspath(__file__))


def found(text):
    return [(call.line, call.words) for call in calls(text)]


# ---------------------------------------------------------------- shell constructs

def test_calls_inside_substitutions_pipelines_and_lists():
    text = ('n=$(docker ps -q | wc -l)\n'
            'for c in `docker ps -aq`; do echo "$c"; done\n'
            'docker info >/dev/null && docker version || exit 1\n')
    assert found(text) == [(1, ("ps", "-q")), (2, ("ps", "-aq")), (3, ("info",)),
                           (3, ("version",))]


def test_calls_after_wrappers_and_their_options():
    text = ("sudo -E -u root docker ps\n"
            "timeout -s KILL 30 docker info\n"
            "env -i PATH=/bin FOO=1 docker images\n"
            "exec docker stop web\n"
            "nice -n 5 nohup docker logs web\n")
    assert [words for _, words in found(text)] == [
        ("ps",), ("info",), ("images",), ("stop", "web"), ("logs", "web")]


def test_not_a_call_when_the_wrapper_runs_no_command():
    assert found("command -v docker\nsudo -l docker\nwhich docker\necho docker ps\n") == []


def test_xargs_input_becomes_an_operand():
    (_, first), (_, second) = found("docker ps -q | xargs -r -n 1 docker rm -f\n"
                                    "docker ps -q | xargs -I{} docker logs {} --tail 5\n")[1::2]
    assert first[:2] == ("rm", "-f") and first[2] == Dynamic("<an input line of xargs>")
    assert second == ("logs", Dynamic("<an input line of xargs>"), "--tail", "5")


def test_variables_that_hold_the_docker_binary():
    text = ('DOCKER=${DOCKER:-docker}\n"$DOCKER" ps\n'
            'docker_bin_dir=/usr/bin\n${docker_bin_dir}/docker images\n'
            'D=$(command -v docker)\n$D info\n'
            'OTHER=podman\n$OTHER ps\n')
    assert [words for _, words in found(text)] == [("ps",), ("images",), ("info",)]


def test_an_unassigned_variable_named_for_docker_is_the_binary():
    assert found("$DOCKER_CMD ps\n$DOCKER_HOST ps\n${BIN:-/usr/bin/docker} info\n"
                 "${docker} images\n") == [(1, ("ps",)), (3, ("info",)), (4, ("images",))]


def test_words_fixed_in_the_file_are_resolved_others_are_dynamic():
    (_, words), = found("IMG=busybox:1.35\nNAME=web\nNAME=db\n"
                        "docker run --name=$NAME \"$IMG\" $(cat cmd)\n")
    assert words[:3] == ("run", Dynamic("--name=$NAME", prefix="--name="), "busybox:1.35")
    assert words[3] == Dynamic("$(cat cmd)")


def test_all_arguments_spread():
    (_, words), = found('docker run "$@"\n')
    assert words[1].spread


def test_sh_c_text_is_read_again_with_its_lines():
    assert found("true\nbash -c 'docker ps\ndocker info'\nsu -c \"docker images\" ops\n") == [
        (2, ("ps",)), (3, ("info",)), (4, ("images",))]


def test_a_here_document_is_not_run():
    assert found("cat <<EOF\ndocker ps\nEOF\n") == []


# ---------------------------------------------------------------- files

def test_unit_exec_lines_with_prefixes_and_continuations():
    text = ("[Unit]\nAfter=docker.service\n[Service]\nExecStartPre=-/usr/bin/docker rm -f a\n"
            "ExecStart=/usr/bin/docker run --name a \\\n  busybox sleep 9\nEnvironment=X=docker\n")
    pieces = sources.pieces("unit", text)
    assert pieces == [(3, "/usr/bin/docker rm -f a"),
                      (4, "/usr/bin/docker run --name a    busybox sleep 9")]
    assert [(c.line, c.words[0]) for o, p in pieces for c in calls(p, o)] == [(4, "rm"), (5, "run")]


def test_crontab_schedule_user_field_and_percent():
    system = "SHELL=/bin/sh\n# m h\n*/5 * * * * root docker ps % stdin\n@daily root docker info\n"
    assert sources.pieces("cron", system, "/etc/crontab") == [(2, "docker ps "),
                                                              (3, "docker info")]
    user = "0 1 * * * docker logs --since 1h web | gzip > /tmp/w-$(date +\\%F).gz\n"
    assert sources.pieces("cron", user, "/var/spool/cron/crontabs/ops") == [
        (0, "docker logs --since 1h web | gzip > /tmp/w-$(date +%F).gz")]


def test_yaml_strings_lists_and_jinja():
    text = ("- hosts: all\n  tasks:\n  - shell: |\n      docker ps\n      docker info\n"
            "  - command: docker pull {{ image }}\n"
            "  - command:\n      argv: [docker, ps, --format, \"{{ '{{' }}.ID{{ '}}' }}\"]\n"
            "---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command: [sh, -c]\n"
            "    args: [\"docker ps --format '{{.Names}}'\"]\n")
    got = [(call.line, call.words) for offset, piece in sources.pieces("yaml", text)
           for call in calls(piece, offset)]
    assert got == [(4, ("ps",)), (5, ("info",)), (6, ("pull", Dynamic("${image}"))),
                   (8, ("ps", "--format", "{{.ID}}")), (14, ("ps", "--format", "{{.Names}}"))]


def test_file_kinds(tmp_path):
    assert sources.kind_of("x/run", "#!/usr/bin/env bash\n", False) == "shell"
    assert sources.kind_of("x/run.py", "#!/usr/bin/python3\n", True) is None
    assert sources.kind_of("x/a.service", "", False) == "unit"
    assert sources.kind_of("/etc/cron.d/gc", "0 1 * * * root true\n", False) == "cron"
    assert sources.kind_of("x/play.yaml", "", False) == "yaml"
    assert sources.kind_of("x/notes.txt", "docker ps\n", False) is None
    assert sources.kind_of("x/notes.txt", "docker ps\n", True) == "shell"


# ---------------------------------------------------------------- verdicts

def verdict(*words, env=()):
    return classify(Call(1, "", tuple(words), tuple(env)))


def test_works_names_the_cri_calls():
    result = verdict("ps", "-q")
    assert result.verdict == "works" and "ListContainers" in result.reason


def test_refused_carries_the_tables_reason_and_what_to_do():
    result = verdict("run", "-d", "--restart", "always", "busybox")
    assert result.verdict == "refused"
    assert "CRI has no restart policy" in result.reason and "restartPolicy" in result.reason


def test_a_command_that_is_not_docker_is_refused_by_the_pipeline():
    result = verdict("frobnicate", "--all")
    assert result.verdict == "refused" and "'frobnicate' is not a docker command" in result.reason


def test_the_default_value_of_an_unsupported_flag_works():
    assert verdict("run", "--restart", "no", "busybox").verdict == "works"


def test_differs_from_the_command_row_but_not_when_quiet():
    assert verdict("images").verdict == "differs"
    assert "SIZE" in verdict("images").reason
    assert verdict("images", "-q").verdict == "works"
    assert "new id" in verdict("restart", "web").reason


def test_differs_from_a_flag_row():
    result = verdict("ps", "-a", "--size")
    assert result.verdict == "differs" and result.reason.startswith("--size: the virtual size")
    assert verdict("ps", "-a").verdict == "works"


def test_unsupported_allowed_by_the_environment_differs():
    result = verdict("run", "--restart=always", "busybox", env=[("DOCKERCRI_UNSUPPORTED", "warn")])
    assert result.verdict == "differs" and "--restart" in result.reason


def test_unknown_when_the_value_decides():
    assert verdict(Dynamic("$cmd"), "ps").verdict == "unknown"
    assert verdict("image", Dynamic("$what")).verdict == "unknown"
    assert verdict("run", Dynamic('"$@"', spread=True)).verdict == "unknown"
    policy = verdict("run", "--restart", Dynamic("$P"), "busybox")
    assert policy.verdict == "unknown" and "$P" in policy.reason and "(no)" in policy.reason
    port = verdict("run", "-p", Dynamic("$PORT"), "busybox")
    assert port.verdict == "unknown" and "$PORT" in port.reason


def test_a_setting_exported_for_the_whole_file_counts():
    text = "export DOCKERCRI_UNSUPPORTED=warn\ndocker run --restart always busybox\n"
    (call,) = calls(text)
    assert call.env == (("DOCKERCRI_UNSUPPORTED", "warn"),)
    assert classify(call).verdict == "differs"


def test_a_run_time_operand_does_not_change_the_verdict():
    assert verdict("logs", Dynamic("$c")).verdict == "works"
    assert verdict("commit", Dynamic("$c")).verdict == "refused"


def test_global_flags():
    assert verdict("--tls", "ps").verdict == "refused"
    remote = verdict("-H", "tcp://h:2375", "ps")
    assert remote.verdict == "refused" and "unix socket" in remote.reason
    assert verdict("-H", "unix:///var/run/docker.sock", "ps").verdict == "works"
    assert "--context" in verdict("-c", "prod", "ps").reason
    assert verdict("--config", "/root/.docker", "ps").verdict == "works"
    assert verdict().verdict == "works"


# ---------------------------------------------------------------- assumptions

def test_docker_only_paths_units_and_ids():
    text = ("# /var/run/docker.sock in a comment is fine\n"
            "curl --unix-socket /var/run/docker.sock http://x/info\n"
            "du -sh /var/lib/docker\n"
            "id=${cid#docker://}\n"
            "systemctl restart docker\n"
            "systemctl restart containerd docker-proxy\n"
            "dockerd &\n"
            "docker-compose up\n"
            "After=docker.service\n")
    assert [item.line for item in assumptions.find(text)] == [2, 3, 4, 5, 7, 8, 9]


# ---------------------------------------------------------------- command line

def test_help_usage_errors_and_exit_status(tmp_path):
    assert "Usage:  docker audit [OPTIONS] PATH" in run_cli(["audit", "--help"]).out
    none = run_cli(["audit"])
    assert none.code == 1 and '"docker audit" requires at least 1 argument.' in none.err
    bad = run_cli(["audit", "--nope", "x"])
    assert bad.code == 125 and "unknown flag: --nope" in bad.err
    assert run_cli(["audit", "--format", "xml", "x"]).code == 125
    missing = run_cli(["audit", str(tmp_path / "nothing")])
    assert missing.code == 1 and "no such file or directory" in missing.err
    good = tmp_path / "ok.sh"
    good.write_text("#!/bin/sh\ndocker ps -q\n")
    assert run_cli(["audit", str(good)]).code == 0
    bad_script = tmp_path / "bad.sh"
    bad_script.write_text("#!/bin/sh\ndocker run --restart always busybox\n")
    result = run_cli(["audit", "--format", "json", "--explain", str(bad_script), str(good)])
    assert result.code == 1
    findings = json.loads(result.out)
    assert [(f["file"], f["line"], f["command"], f["verdict"]) for f in findings] == [
        (str(bad_script), 2, "docker run --restart always busybox", "refused"),
        (str(good), 2, "docker ps -q", "works")]
    assert "CRI calls:" in findings[1]["explain"]
    assert "Not possible over CRI" in findings[0]["explain"]


def test_directories_are_walked_for_the_kinds_the_audit_reads(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "tool").write_text("#!/bin/bash\ndocker stats --no-stream\n")
    (tmp_path / "bin" / "README").write_text("docker ps\n")
    (tmp_path / "app.service").write_text("[Service]\nExecStart=/usr/bin/docker ps\n")
    result = run_cli(["audit", str(tmp_path)])
    assert result.code == 0
    assert result.out.splitlines()[-1] == (
        "2 files read: 2 docker calls (1 works, 1 differs), 0 docker-specific assumptions")
    assert "README" not in result.out


def test_a_missing_parser_says_how_to_install_it(monkeypatch, tmp_path):
    from dockercri.audit import shell

    def missing():
        raise shell.MissingParser("No module named 'tree_sitter'")
    monkeypatch.setattr(shell, "parser", missing)
    result = run_cli(["audit", str(tmp_path)])
    assert result.code == 125
    assert 'pip install "dockercri[audit]"' in result.err


def test_the_audit_never_imports_grpc(tmp_path):
    script = tmp_path / "s.sh"
    script.write_text("#!/bin/sh\ndocker run -d busybox\ndocker logs x\n")
    code = ("import sys, io; from dockercri.cli.main import raw_main; from dockercri.env import "
            "Environment; raw_main(['audit', '--explain', %r], Environment(stdout=io.StringIO()));"
            " print(sorted(m for m in sys.modules if m == 'grpc' or m.startswith('grpc.') "
            "or m.endswith('_pb2_grpc')))" % str(script))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ), cwd=os.path.join(HERE, "..", ".."))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_login_password_is_not_repeated(tmp_path):
    script = tmp_path / "login.sh"
    script.write_text("#!/bin/sh\ndocker login -u bob -p s3cret reg.local\n"
                      "docker login -u bob --password=s3cret reg.local\n")
    for flags in ([], ["--explain"], ["--format", "json", "--explain"]):
        result = run_cli(["audit"] + flags + [str(script)])
        assert result.code == 0 and "s3cret" not in result.out, flags
        assert "<redacted>" in result.out
