"""The value parsers of the mapping table, with docker's accepted forms and error wording."""

import datetime

import pytest

from dockercri.mapping import transforms as t

UTC = datetime.timezone.utc


def raises(fn, value, message, **kw):
    with pytest.raises(ValueError) as info:
        fn(value, **kw)
    assert str(info.value) == message


# ---------------------------------------------------------------- sizes and durations

@pytest.mark.parametrize("text, size", [
    ("1024", 1024), ("0", 0), ("512m", 512 << 20), ("512M", 512 << 20), ("1g", 1 << 30),
    ("1G", 1 << 30), ("1gb", 1 << 30), ("1GiB", 1 << 30), ("1gi", 1 << 30), ("10k", 10240),
    ("2t", 2 << 40), ("1p", 1 << 50), ("1.5g", 3 << 29), ("1.5", 1), ("32 MB", 32 << 20),
    ("100b", 100), ("4B", 4),
])
def test_ram_in_bytes(text, size):
    assert t.ram_in_bytes(text) == size


@pytest.mark.parametrize("text", ["x", "", "-1", "1x", "m", "1 g b", "1.g", "1  m", " 1m", "1m\n"])
def test_ram_in_bytes_errors(text):
    raises(t.ram_in_bytes, text, "invalid size: '%s'" % text)


def test_ram_in_bytes_several_dots():
    raises(t.ram_in_bytes, "1.2.3m", 'strconv.ParseFloat: parsing "1.2.3": invalid syntax')


def test_memory_swap():
    assert t.memory_swap("-1") == -1
    assert t.memory_swap("1g") == 1 << 30
    raises(t.memory_swap, "-2", "invalid size: '-2'")


def test_flag_error_wording():
    try:
        t.ram_in_bytes("x")
    except ValueError as err:
        message = t.flag_error("-m, --memory", "x", err)
    assert message == 'invalid argument "x" for "-m, --memory" flag: invalid size: \'x\''


def test_at_parse_marks():
    for fn in (t.ram_in_bytes, t.memory_swap, t.cpus, t.go_duration, t.env_var, t.label, t.ip_address,
               t.dns_search, t.extra_host, t.device_spec, t.attach_streams, t.sysctl, t.mount_spec,
               t.filter_pair):
        assert getattr(fn, "at_parse", False), fn.__name__
    for fn in (t.port_specs, t.volume_spec, t.signal_name, t.user_spec, t.env_file, t.network_mode):
        assert not getattr(fn, "at_parse", False), fn.__name__


@pytest.mark.parametrize("text, nanos", [
    ("0", 0), ("10s", 10 * 10 ** 9), ("1m30s", 90 * 10 ** 9), ("1h", 3600 * 10 ** 9),
    ("1.5h", 5400 * 10 ** 9), ("300ms", 3 * 10 ** 8), ("2us", 2000), ("2\u00b5s", 2000), ("5ns", 5),
    ("-2m", -120 * 10 ** 9), ("+3s", 3 * 10 ** 9), (".5s", 5 * 10 ** 8), ("1h2m3s4ms", 3723004000000),
])
def test_go_duration(text, nanos):
    assert t.go_duration(text) == nanos


@pytest.mark.parametrize("text, message", [
    ("", "time: invalid duration "), ("x", "time: invalid duration x"), ("1", "time: missing unit in duration 1"),
    ("10", "time: missing unit in duration 10"), ("1d", "time: unknown unit d in duration 1d"),
    ("1s2", "time: missing unit in duration 1s2"), (".s", "time: invalid duration .s"),
    ("-", "time: invalid duration -"),
])
def test_go_duration_errors(text, message):
    raises(t.go_duration, text, message)


# ---------------------------------------------------------------- log times

NOW = datetime.datetime(2020, 6, 1, 12, 0, 0, 500000, tzinfo=UTC)
NOW_S = int(NOW.replace(microsecond=0).timestamp())
PARIS = datetime.timezone(datetime.timedelta(hours=2))


def stamp(*args, tz=UTC):
    return int(datetime.datetime(*args, tzinfo=tz).timestamp()) * 10 ** 9


@pytest.mark.parametrize("text, nanos", [
    ("10m", (NOW_S - 600) * 10 ** 9),
    ("1h30m", (NOW_S - 5400) * 10 ** 9),
    ("1.5s", (NOW_S - 1) * 10 ** 9),  # whole seconds of now - 1.5s, now being xx:00.5
    ("2013-01-02T13:23:37Z", stamp(2013, 1, 2, 13, 23, 37)),
    ("2013-01-02T13:23:37.123456789Z", stamp(2013, 1, 2, 13, 23, 37) + 123456789),
    ("2013-01-02T13:23:37.5+01:00", stamp(2013, 1, 2, 12, 23, 37) + 500000000),
    ("2013-01-02T13:23:37", stamp(2013, 1, 2, 13, 23, 37)),
    ("2013-01-02T13:23", stamp(2013, 1, 2, 13, 23)),
    ("2013-01-02T13", stamp(2013, 1, 2, 13)),
    ("2013-01-02", stamp(2013, 1, 2)),
    ("2013-01-02T13:23Z", stamp(2013, 1, 2, 13, 23)),
    ("1500000000", 1500000000 * 10 ** 9),
    ("1500000000.123456789", 1500000000123456789),
    ("1500000000.5", 1500000000500000000),
    ("0", 0),
])
def test_log_time(text, nanos):
    assert t.log_time(text, now=NOW) == nanos


def test_log_time_local_zone_is_nows():
    now = NOW.astimezone(PARIS)
    assert t.log_time("2013-01-02T13:23:37", now=now) == stamp(2013, 1, 2, 11, 23, 37)
    assert t.log_time("2013-01-02T13:23:37Z", now=now) == stamp(2013, 1, 2, 13, 23, 37)


def test_log_time_default_now():
    before = datetime.datetime.now(UTC).timestamp()
    value = t.log_time("1m")
    assert before - 62 <= value / 10 ** 9 <= before - 58


@pytest.mark.parametrize("text", ["yesterday", "10x", "1500000000.x", "12:30"])
def test_log_time_errors(text):
    raises(t.log_time, text, 'failed to parse value as time or duration: "%s"' % text, now=NOW)


def test_log_time_bad_timestamp():
    with pytest.raises(ValueError, match='parsing time "2013-13-02"'):
        t.log_time("2013-13-02", now=NOW)
    with pytest.raises(ValueError, match='parsing time "2013-01-02T1"'):
        t.log_time("2013-01-02T1", now=NOW)


@pytest.mark.parametrize("text, lines", [("all", -1), ("10", 10), ("0", 0), ("-3", -1), ("x", -1)])
def test_tail_lines(text, lines):
    assert t.tail_lines(text) == lines


# ---------------------------------------------------------------- cpus

@pytest.mark.parametrize("text, quota", [
    ("1", 100000), ("1.5", 150000), ("0.25", 25000), ("3/2", 150000), ("2", 200000), ("0", 0),
    ("0.000000001", 0), ("1e1", 1000000), (1.5, 150000), (2, 200000),
])
def test_cpus(text, quota):
    assert t.cpus(text) == {"cpu_period": 100000, "cpu_quota": quota}


@pytest.mark.parametrize("text", ["x", "", "1.5.5", " 1", "1/0", "1,5", "inf"])
def test_cpus_errors(text):
    raises(t.cpus, text, "failed to parse %s as a rational number" % text)


def test_cpus_too_precise():
    raises(t.cpus, "0.0000000001", "value is too precise")


# ---------------------------------------------------------------- environment and labels

def test_env_var():
    env = {"HOME": "/root", "EMPTY": ""}
    assert t.env_var("A=1", environ=env) == {"key": "A", "value": "1"}
    assert t.env_var("A=", environ=env) == {"key": "A", "value": ""}
    assert t.env_var("A=b=c", environ=env) == {"key": "A", "value": "b=c"}
    assert t.env_var("HOME", environ=env) == {"key": "HOME", "value": "/root"}
    assert t.env_var("EMPTY", environ=env) == {"key": "EMPTY", "value": ""}
    assert t.env_var("UNSET", environ=env) is None
    raises(t.env_var, "=x", "invalid environment variable: =x", environ=env)


def test_env_var_default_environ(monkeypatch):
    monkeypatch.setenv("DOCKERCRI_TEST_VAR", "yes")
    assert t.env_var("DOCKERCRI_TEST_VAR") == {"key": "DOCKERCRI_TEST_VAR", "value": "yes"}


def test_label():
    assert t.label("a=b") == ("a", "b")
    assert t.label("a=") == ("a", "")
    assert t.label("a") == ("a", "")
    assert t.label("com.example.x=y=z") == ("com.example.x", "y=z")
    assert t.label("  a=b") == ("a", "b")
    raises(t.label, "=b", "invalid label '=b': empty name")
    raises(t.label, "a b=c", "label 'a b' contains whitespaces")


def test_key_value():
    assert t.key_value("app=web") == ("app", "web")
    raises(t.key_value, "app", "incorrectly specified label: app")
    raises(t.key_value, "=web", "incorrectly specified label: =web")


ENV_FILE = (
    "# comment\n"
    "\n"
    "   \n"
    "A=1\n"
    "  B=two words  \n"
    'QUOTED="kept"\n'
    "EMPTY=\n"
    "FROM_ENV\n"
    "UNSET_VAR\n"
    "C=x=y\r\n"
    "   # indented comment\n"
)


def test_env_file(tmp_path):
    path = tmp_path / "env"
    path.write_bytes(b"\xef\xbb\xbf" + ENV_FILE.encode())
    assert t.env_file(str(path), environ={"FROM_ENV": "e"}) == [
        {"key": "A", "value": "1"}, {"key": "B", "value": "two words  "},
        {"key": "QUOTED", "value": '"kept"'}, {"key": "EMPTY", "value": ""},
        {"key": "FROM_ENV", "value": "e"}, {"key": "C", "value": "x=y"},
    ]


def test_env_file_errors(tmp_path):
    path = tmp_path / "env"
    path.write_text("GOOD=1\nBAD KEY=2\n")
    raises(t.env_file, str(path), "poorly formatted environment: variable 'BAD KEY' contains whitespaces")
    path.write_text("=value\n")
    raises(t.env_file, str(path), "poorly formatted environment: no variable name on line '=value'")
    path.write_bytes(b"A=\xff\n")
    with pytest.raises(ValueError, match="contains invalid utf8 bytes at line 1"):
        t.env_file(str(path))
    missing = str(tmp_path / "nope")
    raises(t.env_file, missing, "open %s: no such file or directory" % missing)


def test_label_file(tmp_path):
    path = tmp_path / "labels"
    path.write_text("# labels\napp=web\ntier=\nbare\n")
    assert t.label_file(str(path)) == [("app", "web"), ("tier", "")]
    missing = str(tmp_path / "nope")
    raises(t.label_file, missing, "open %s: no such file or directory" % missing)


# ---------------------------------------------------------------- networking

def test_ip_address():
    assert t.ip_address("8.8.8.8") == "8.8.8.8"
    assert t.ip_address("2001:DB8::1") == "2001:db8::1"
    raises(t.ip_address, "8.8.8", "8.8.8 is not an ip address")
    raises(t.ip_address, "dns.example", "dns.example is not an ip address")


def test_dns_search():
    assert t.dns_search("example.com") == "example.com"
    assert t.dns_search("example.com.") == "example.com"
    assert t.dns_search(".") == "."
    assert t.dns_search("a-b.example") == "a-b.example"
    raises(t.dns_search, "-bad.example", "-bad.example is not a valid domain")
    raises(t.dns_search, "123", "123 is not a valid domain")
    raises(t.dns_search, "a..b", "a..b is not a valid domain")


def test_extra_host():
    assert t.extra_host("db:10.0.0.2") == ("db", "10.0.0.2")
    assert t.extra_host("v6:2001:db8::1") == ("v6", "2001:db8::1")
    raises(t.extra_host, "db", 'bad format for add-host: "db"')
    raises(t.extra_host, ":10.0.0.1", 'bad format for add-host: ":10.0.0.1"')
    raises(t.extra_host, "db:nowhere", 'invalid IP address in add-host: "nowhere"')


def pm(container, host=0, ip="", proto="TCP"):
    return {"protocol": proto, "container_port": container, "host_port": host, "host_ip": ip}


@pytest.mark.parametrize("spec, mappings", [
    ("80", [pm(80)]),
    ("8080:80", [pm(80, 8080)]),
    ("127.0.0.1:8080:80", [pm(80, 8080, "127.0.0.1")]),
    ("127.0.0.1::80", [pm(80, 0, "127.0.0.1")]),
    ("127.0.0.1:8080:80/udp", [pm(80, 8080, "127.0.0.1", "UDP")]),
    ("53/UDP", [pm(53, proto="UDP")]),
    ("9000/sctp", [pm(9000, proto="SCTP")]),
    ("80/", [pm(80)]),
    ("8000-8002:80-82", [pm(80, 8000), pm(81, 8001), pm(82, 8002)]),
    ("80-81", [pm(80), pm(81)]),
    ("8000-8010:80", [pm(80, 8000)]),
    ("[::1]:8080:80", [pm(80, 8080, "::1")]),
    ("published=8080,target=80", [pm(80, 8080)]),
    ("target=53,protocol=udp", [pm(53, proto="UDP")]),
])
def test_port_specs(spec, mappings):
    assert t.port_specs(spec) == mappings


@pytest.mark.parametrize("spec, message", [
    ("", "No port specified: <empty>"),
    ("8080:", "No port specified: 8080:<empty>"),
    ("x", "Invalid containerPort: x"),
    ("70000", "Invalid containerPort: 70000"),
    ("x:80", "Invalid hostPort: x"),
    ("8080:80/icmp", "Invalid proto: icmp"),
    ("1.2.3:80:80", "Invalid ip address: 1.2.3"),
    ("8000-8001:80-82", "Invalid ranges specified for container and host Ports: 80-82 and 8000-8001"),
    ("82-80", "Invalid containerPort: 82-80"),
    ("::1:8080:80", "Invalid ip address ::1: address ::1:: too many colons in address"),
    ("\uff18\uff10", "Invalid containerPort: \uff18\uff10"),
    ("target", "Invalid containerPort: target"),
    ("target=80,udp", "invalid publish opts format (should be name=value but got 'udp')"),
    ("published=80", "invalid publish opts format (target is required)"),
])
def test_port_specs_errors(spec, message):
    raises(t.port_specs, spec, message)


def test_network_mode():
    assert t.network_mode("default") == {"network": "POD", "join": ""}
    assert t.network_mode("bridge") == {"network": "POD", "join": ""}
    assert t.network_mode("") == {"network": "POD", "join": ""}
    assert t.network_mode("host") == {"network": "NODE", "join": ""}
    assert t.network_mode("container:web") == {"network": "POD", "join": "web"}
    raises(t.network_mode, "mynet", "network mynet not found")
    with pytest.raises(ValueError, match="none is not supported"):
        t.network_mode("none")
    with pytest.raises(ValueError, match="invalid container format"):
        t.network_mode("container:")


def test_ipc_pid_userns_modes():
    assert t.ipc_mode("") == {"ipc": "POD", "join": ""}
    assert t.ipc_mode("shareable") == {"ipc": "POD", "join": ""}
    assert t.ipc_mode("host") == {"ipc": "NODE", "join": ""}
    assert t.ipc_mode("container:db") == {"ipc": "POD", "join": "db"}
    raises(t.ipc_mode, "weird", "--ipc: invalid IPC mode")
    with pytest.raises(ValueError, match="none is not supported"):
        t.ipc_mode("none")
    assert t.pid_mode("") == {"pid": "CONTAINER", "target": ""}
    assert t.pid_mode("host") == {"pid": "NODE", "target": ""}
    assert t.pid_mode("container:db") == {"pid": "TARGET", "target": "db"}
    raises(t.pid_mode, "container:", "--pid: invalid PID mode")
    raises(t.pid_mode, "private", "--pid: invalid PID mode")
    assert t.userns_mode("host") == {"mode": "NODE"}
    assert t.userns_mode("") == {"mode": "NODE"}
    raises(t.userns_mode, "private", "--userns: invalid USER mode")


# ---------------------------------------------------------------- mounts and devices

def mount(host, container, readonly=False, relabel=False, propagation="PROPAGATION_PRIVATE"):
    return {"host_path": host, "container_path": container, "readonly": readonly,
            "selinux_relabel": relabel, "propagation": propagation}


@pytest.mark.parametrize("spec, result", [
    ("/data:/data", mount("/data", "/data")),
    ("/data/:/srv/data/", mount("/data", "/srv/data")),
    ("/data:/data:ro", mount("/data", "/data", readonly=True)),
    ("/data:/data:rw", mount("/data", "/data")),
    ("/data:/data:z", mount("/data", "/data", relabel=True)),
    ("/data:/data:ro,Z", mount("/data", "/data", True, True)),
    ("/data:/data:rshared", mount("/data", "/data", propagation="PROPAGATION_BIDIRECTIONAL")),
    ("/data:/data:slave", mount("/data", "/data", propagation="PROPAGATION_HOST_TO_CONTAINER")),
    ("/data:/data:ro,rslave", mount("/data", "/data", True, propagation="PROPAGATION_HOST_TO_CONTAINER")),
    ("/data:/data:cached", mount("/data", "/data")),
])
def test_volume_spec(spec, result):
    assert t.volume_spec(spec) == result


@pytest.mark.parametrize("spec, message", [
    ("/data:/data:ro,rw", "invalid mode: ro,rw"),
    ("/data:/data:bogus", "invalid mode: bogus"),
    ("/data:/data:nocopy", "invalid mode: nocopy"),
    (":/data", "invalid volume specification: ':/data'"),
    ("/a:/b:ro:x", "invalid volume specification: '/a:/b:ro:x'"),
    ("/a::/b", "invalid volume specification: '/a::/b'"),
    ("/a:/", "invalid specification: destination can't be '/'"),
    ("/a:b", "invalid volume specification: '/a:b': invalid mount config for type \"bind\": invalid mount "
             "path: 'b' mount path must be absolute"),
    ("./x:/x", 'create ./x: "./x" includes invalid characters for a local volume name, only '
               '"[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use '
               'absolute path'),
])
def test_volume_spec_errors(spec, message):
    raises(t.volume_spec, spec, message)


@pytest.mark.parametrize("spec", ["/data", "/data:ro", "name:/data", "name:/data:ro"])
def test_volume_spec_refuses_volumes(spec):
    with pytest.raises(ValueError, match="volume .* is not supported: CRI mounts only host paths"):
        t.volume_spec(spec)


@pytest.mark.parametrize("spec, result", [
    ("type=bind,source=/a,target=/b", mount("/a", "/b")),
    ("type=bind,src=/a,dst=/b,readonly", mount("/a", "/b", readonly=True)),
    ("type=bind,src=/a,destination=/b,ro=true", mount("/a", "/b", readonly=True)),
    ("type=bind,src=/a,target=/b,readonly=0", mount("/a", "/b")),
    ("type=BIND,source=/a,target=/b,bind-propagation=rshared",
     mount("/a", "/b", propagation="PROPAGATION_BIDIRECTIONAL")),
    ('"type=bind","source=/a,b",target=/c', mount("/a,b", "/c")),
    ("type=bind,source=/a,target=/b,consistency=cached", mount("/a", "/b")),
])
def test_mount_spec(spec, result):
    assert t.mount_spec(spec) == result


@pytest.mark.parametrize("spec, message", [
    ("type=bind,source=/a", "target is required"),
    ("type=,target=/b", "type is required"),
    ("type=bind,source=/a,target=/b,colour=red", "unexpected key 'colour' in 'colour=red'"),
    ("type=bind,source=/a,target=/b,oops", "invalid field 'oops' must be a key=value pair"),
    ("type=bind,source=/a,target=/b,readonly=maybe", "invalid value for readonly: maybe"),
    ("type=bind,source=/a,target=/b,volume-nocopy", "cannot mix 'volume-*' options with mount type 'bind'"),
    ("type=tmpfs,target=/b,bind-propagation=shared", "cannot mix 'bind-*' options with mount type 'tmpfs'"),
    ("type=bind,source=/a,target=/b,tmpfs-size=1m", "cannot mix 'tmpfs-*' options with mount type 'bind'"),
    ("type=bind,target=/b", 'invalid mount config for type "bind": field Source must not be empty'),
    ("type=bind,source=a,target=/b",
     "invalid mount config for type \"bind\": invalid mount path: 'a' mount path must be absolute"),
    ("type=bind,source=/a,target=/b,bind-propagation=odd", "invalid propagation mode: odd"),
])
def test_mount_spec_errors(spec, message):
    raises(t.mount_spec, spec, message)


@pytest.mark.parametrize("spec", ["target=/b", "type=volume,source=v,target=/b", "type=tmpfs,target=/b"])
def test_mount_spec_refuses_volumes_and_tmpfs(spec):
    with pytest.raises(ValueError, match="is not supported: CRI mounts only host paths"):
        t.mount_spec(spec)


def test_volumes_from():
    assert t.volumes_from("web") == ("web", "")
    assert t.volumes_from("web:ro") == ("web", "ro")
    assert t.volumes_from("web:rw") == ("web", "rw")
    raises(t.volumes_from, "web:x", "invalid mode for volumes-from: x")


@pytest.mark.parametrize("spec, result", [
    ("/dev/fuse", ("/dev/fuse", "/dev/fuse", "rwm")),
    ("/dev/sda:/dev/xvda", ("/dev/sda", "/dev/xvda", "rwm")),
    ("/dev/sda:r", ("/dev/sda", "/dev/sda", "r")),
    ("/dev/sda:/dev/xvda:rw", ("/dev/sda", "/dev/xvda", "rw")),
    ("/dev/sda:/dev/xvda/:m", ("/dev/sda", "/dev/xvda", "m")),
])
def test_device_spec(spec, result):
    host, container, permissions = result
    assert t.device_spec(spec) == {"host_path": host, "container_path": container, "permissions": permissions}


@pytest.mark.parametrize("spec, message", [
    ("/a:/b:rw:x", "bad format for path: /a:/b:rw:x"),
    (":/b", "bad format for path: :/b"),
    ("/a:/b:rx", "bad mode specified: rx"),
    ("/a:/b:rr", "bad mode specified: rr"),
    ("/a:b", "b is not an absolute path"),
])
def test_device_spec_errors(spec, message):
    raises(t.device_spec, spec, message)


# ---------------------------------------------------------------- identity and security

@pytest.mark.parametrize("spec, result", [
    ("1000", {"run_as_user": 1000}),
    ("0", {"run_as_user": 0}),
    ("nobody", {"run_as_username": "nobody"}),
    ("1000:1000", {"run_as_user": 1000, "run_as_group": 1000}),
    ("www-data:33", {"run_as_username": "www-data", "run_as_group": 33}),
])
def test_user_spec(spec, result):
    assert t.user_spec(spec) == result


def test_user_spec_errors():
    with pytest.raises(ValueError, match='group name "staff" is not supported'):
        t.user_spec("alice:staff")
    raises(t.user_spec, ":1", "invalid user specification: :1")
    raises(t.user_spec, "1:", "invalid user specification: 1:")


def test_group_id():
    assert t.group_id("10") == 10
    with pytest.raises(ValueError, match='group name "audio" is not supported'):
        t.group_id("audio")


@pytest.mark.parametrize("text, name", [
    ("NET_ADMIN", "NET_ADMIN"), ("net_admin", "NET_ADMIN"), ("CAP_SYS_TIME", "SYS_TIME"),
    ("cap_chown", "CHOWN"), ("ALL", "ALL"), ("all", "ALL"),
])
def test_capability(text, name):
    assert t.capability(text) == name


def test_capability_errors():
    raises(t.capability, "FLY", 'Unknown capability: "FLY"')


@pytest.mark.parametrize("text, result", [
    ("seccomp=unconfined", {"seccomp": {"profile_type": "Unconfined"}}),
    ("seccomp:unconfined", {"seccomp": {"profile_type": "Unconfined"}}),
    ("seccomp=/etc/p.json", {"seccomp": {"profile_type": "Localhost", "localhost_ref": "/etc/p.json"}}),
    ("seccomp=p.json", {"seccomp": {"profile_type": "Localhost", "localhost_ref": "/work/p.json"}}),
    ("apparmor=unconfined", {"apparmor": {"profile_type": "Unconfined"}}),
    ("apparmor=docker-default", {"apparmor": {"profile_type": "RuntimeDefault"}}),
    ("apparmor=my-profile", {"apparmor": {"profile_type": "Localhost", "localhost_ref": "my-profile"}}),
    ("no-new-privileges", {"no_new_privs": True}),
    ("no-new-privileges=true", {"no_new_privs": True}),
    ("no-new-privileges=false", {"no_new_privs": False}),
    ("no-new-privileges:true", {"no_new_privs": True}),
    ("label=user:system_u", {"selinux_options": {"user": "system_u"}}),
    ("label=level:s0:c100,c200", {"selinux_options": {"level": "s0:c100,c200"}}),
    ("label:type:svirt_apache_t", {"selinux_options": {"type": "svirt_apache_t"}}),
    ("label=disable", {"selinux_options": {"type": "spc_t"}}),
])
def test_security_opt(text, result):
    assert t.security_opt(text, cwd="/work") == result


@pytest.mark.parametrize("text, message", [
    ("nonsense", 'Invalid --security-opt: "nonsense"'),
    ("colour=red", 'invalid --security-opt 1: "colour=red"'),
    ("label=what:x", 'invalid --security-opt 2: "label=what:x"'),
    ("label=disabled", 'invalid --security-opt 2: "label=disabled"'),
    ("no-new-privileges=maybe", 'invalid --security-opt 2: "no-new-privileges=maybe"'),
])
def test_security_opt_errors(text, message):
    raises(t.security_opt, text, message)


def test_security_opt_systempaths():
    with pytest.raises(ValueError, match="systempaths=unconfined is not supported"):
        t.security_opt("systempaths=unconfined")


@pytest.mark.parametrize("text, name", [
    ("SIGTERM", "SIGTERM"), ("TERM", "SIGTERM"), ("term", "SIGTERM"), ("15", "SIGTERM"),
    ("9", "SIGKILL"), ("KILL", "SIGKILL"), ("sigusr1", "SIGUSR1"), ("6", "SIGABRT"), ("17", "SIGCHLD"),
    ("SIGIOT", "SIGIOT"), ("29", "SIGIO"),
])
def test_signal_name(text, name):
    assert t.signal_name(text) == name


@pytest.mark.parametrize("text", ["0", "99", "SIGNOPE", "RTMIN+1", ""])
def test_signal_name_errors(text):
    raises(t.signal_name, text, "Invalid signal: %s" % text)


@pytest.mark.parametrize("text, pair", [
    ("net.ipv4.ip_forward=1", ("net.ipv4.ip_forward", "1")),
    ("kernel.shmmax=1000", ("kernel.shmmax", "1000")),
    ("fs.mqueue.msg_max=20", ("fs.mqueue.msg_max", "20")),
    ("net.core.somaxconn=a=b", ("net.core.somaxconn", "a=b")),
])
def test_sysctl(text, pair):
    assert t.sysctl(text) == pair


@pytest.mark.parametrize("text", ["kernel.pid_max=1", "vm.swappiness=1", "net.ipv4.ip_forward"])
def test_sysctl_errors(text):
    raises(t.sysctl, text, "sysctl '%s' is not whitelisted" % text)


def test_container_name():
    assert t.container_name("web-1") == "web-1"
    assert t.container_name("/web") == "web"
    assert t.container_name("a.b_c") == "a.b_c"
    for bad in ("a", "-web", "we b", "web/1", ""):
        raises(t.container_name, bad,
               "Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed" % bad)


def test_attach_streams():
    assert t.attach_streams("STDIN") == "stdin"
    assert t.attach_streams("stdout") == "stdout"
    assert t.attach_streams("StdErr") == "stderr"
    raises(t.attach_streams, "stdlog", "valid streams are STDIN, STDOUT and STDERR")


def test_filter_pair():
    assert t.filter_pair("status=running") == ("status", "running")
    assert t.filter_pair(" Label = a=b ") == ("label", "a=b")
    assert t.filter_pair("dangling=") == ("dangling", "")
    assert t.filter_pair("") is None
    raises(t.filter_pair, "running", "bad format of filter (expected name=value)")
