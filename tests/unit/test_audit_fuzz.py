"""Any shell text gives a list of calls, and any docker words one of the four verdicts: the
audit of a real node's scripts never stops at one odd line."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockercri import mapping
from dockercri.audit.classify import VERDICTS, classify
from dockercri.audit.words import Call, Dynamic

pytest.importorskip("tree_sitter_bash")
from dockercri.audit.shell import calls  # noqa: E402

SHELL_TOKENS = ["docker", "sudo", "-u", "root", "timeout", "5", "env", "A=1", "xargs", "-I{}",
                "{}", "exec", "sh", "-c", "'docker ps'", '"$DOCKER"', "$D", "${d:-docker}",
                "$(", ")", "`", "|", "&&", "||", ";", "\n", "\\\n", "ps", "-q", "run", "--rm",
                "busybox", '"$@"', "'", '"', "<<EOF", "EOF", "for", "in", "do", "done", "if",
                "then", "fi", "{", "}", "(", ")", "#", "=", "$'\\x41'", "${a[@]}", " ", "\t"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SHELL_TOKENS), max_size=30))
def test_any_shell_text_gives_calls(tokens):
    for call in calls(" ".join(tokens)):
        assert call.line >= 1 and isinstance(call.words, tuple)


def _words():
    names = mapping.command_names()
    flags = sorted({flag.name for name in names for flag in mapping.command(name).flags}
                   | {flag.short for name in names for flag in mapping.command(name).flags
                      if flag.short})
    word = st.one_of(st.sampled_from(flags), st.sampled_from(["busybox", "web", "1", "-", "--",
                                                               "a=b", "80:80", "", "x:y:z"]),
                     st.builds(Dynamic, st.sampled_from(["$x", '"$y"']),
                               st.sampled_from(["", "--name="]), st.booleans()))
    command = st.sampled_from([name.split() for name in names] + [["frobnicate"]])
    return st.builds(lambda head, tail: tuple(head) + tuple(tail), command,
                     st.lists(word, max_size=6))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_words())
def test_any_docker_words_get_a_verdict(words):
    result = classify(Call(1, "docker", words))
    assert result.verdict in VERDICTS and (result.reason or result.verdict == "works")
