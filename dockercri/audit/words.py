"""What the shell reader hands to the classifier: docker calls and their words."""

from dockercri.record import Record


class Dynamic(Record):
    """A word known only at run time."""

    FIELDS = (
        "text",              # as written: "$c", "$(docker ps -q)"
        ("prefix", ""),      # its fixed start: "--name=" of --name=$n
        ("spread", False),   # may become any number of words, flags included ("$@")
        ("suffix", ""),      # its fixed end: ":/etc/hostname" of "$c:/etc/hostname"
    )
    FROZEN = True


class Call(Record):
    FIELDS = (
        "line",              # 1-based, in the file
        "text",              # the command as written, on one line
        "words",             # the words after the docker binary: str or Dynamic
        ("env", ()),         # (name, value) pairs set for this command (VAR=x docker ...)
    )
    FROZEN = True
