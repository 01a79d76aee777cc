"""docker 19.03's version where docker puts it: -v, version's Client section, templates.

No runtime answers here: the Client side and the no-daemon shapes are docker's own.
"""

import pytest

from tests.conftest import run_cli

NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/dockercri-test.sock"}
UNREACHABLE = ("Cannot connect to the CRI runtime at unix:///nonexistent/dockercri-test.sock. "
               "Is the container runtime running?\n")


@pytest.mark.parametrize("flag", ["-v", "--version"])
def test_version_flag_has_docker_s_shape(flag):
    result = run_cli([flag], environ=NO_RUNTIME)
    assert result.code == 0
    assert result.out == "Docker version 19.03.15, build dockercri-0.1.0\n"
    # what installers do with it: `docker -v | awk '{print $3}'`
    assert result.out.split()[2].rstrip(",") == "19.03.15"


def test_client_section_is_docker_19_03_s_field_set():
    result = run_cli(["version"], environ=NO_RUNTIME)
    assert result.code == 1
    keys = [line.split(":")[0] for line in result.out.splitlines()]
    assert keys == ["Client", " Version", " API version", " Go version", " Git commit",
                    " Built", " OS/Arch", " Experimental"]
    assert " Version:           19.03.15\n API version:       1.40\n" in result.out
    assert result.err == UNREACHABLE


@pytest.mark.parametrize("template,out", [
    ("{{.Client.Version}} {{.Server.Version}}", "19.03.15 \n"),   # stops at the nil Server
    ("{{.Server}}", "<nil>\n"),
    ("{{.Client.APIVersion}}/{{.Client.DefaultAPIVersion}}", "1.40/1.40\n"),
])
def test_format_without_a_runtime_prints_what_docker_prints(template, out):
    result = run_cli(["version", "--format", template], environ=NO_RUNTIME)
    assert (result.code, result.out, result.err) == (1, out, UNREACHABLE)


def test_json_names_api_version_by_its_json_key():
    result = run_cli(["version", "--format", "{{json .Client}}"], environ=NO_RUNTIME)
    assert '"ApiVersion":"1.40"' in result.out and '"APIVersion"' not in result.out


def test_unknown_field_fails_before_any_runtime_call_as_docker_does():
    from dockercri.render.version import VersionInfo, client_version
    from dockercri.gotemplate import Template, TemplateError

    data = VersionInfo(Client=client_version(), Server=None)
    with pytest.raises(TemplateError) as failure:
        Template.parse("x{{.Client.ApiVersion}}", name="version").execute(data, strict_fields=True)
    assert str(failure.value) == ('template: version:1:10: executing "version" at '
                                  "<.Client.ApiVersion>: can't evaluate field ApiVersion in "
                                  "type system.clientVersion")
    assert failure.value.partial == "x"


def test_a_template_that_does_not_parse():
    result = run_cli(["version", "--format", "{{.Client"], environ=NO_RUNTIME)
    assert (result.code, result.out) == (64, "")
    assert result.err == "Template parsing error: template: version:1: unclosed action\n"
