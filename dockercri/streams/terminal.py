"""The local terminal: raw mode (always restored), its size, and docker's detach keys."""

import os
import termios
import tty as _tty

# docker's default detach sequence: ctrl-p ctrl-q.
DETACH_KEYS = b"\x10\x11"
DETACH_MESSAGE = "read escape sequence"


def is_terminal(fd):
    try:
        return fd is not None and os.isatty(fd)
    except (OSError, ValueError):
        return False


def size(fd):
    """(columns, rows) of the terminal on fd, or None."""
    try:
        columns, rows = os.get_terminal_size(fd)
    except (OSError, ValueError):
        return None
    if columns <= 0 or rows <= 0:
        return None
    return columns, rows


class RawMode:
    """Puts a terminal in raw mode for the length of a `with` block.

    The saved attributes are restored on every way out of the block (return,
    exception, KeyboardInterrupt, SystemExit); `restore` may also be called
    early and any number of times.
    """

    def __init__(self, fd, enabled=True):
        self.fd = fd
        self.enabled = enabled and is_terminal(fd)
        self._saved = None

    def __enter__(self):
        if self.enabled:
            self._saved = termios.tcgetattr(self.fd)
            _tty.setraw(self.fd, termios.TCSANOW)
        return self

    def restore(self):
        if self._saved is not None:
            saved, self._saved = self._saved, None
            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
            except termios.error:
                pass

    def __exit__(self, *exc):
        self.restore()
        return False


class DetachScanner:
    """Finds docker's detach sequence in what the user types.

    Bytes that might begin the sequence are held back until the next key
    decides: the whole sequence detaches (and is never sent); anything else
    releases the held bytes. As in docker, only terminal sessions look for it.
    """

    def __init__(self, keys=DETACH_KEYS):
        self.keys = keys
        self._held = b""

    def feed(self, data):
        """→ (bytes to send now, detached?)."""
        out = bytearray()
        for byte in data:
            candidate = self._held + bytes((byte,))
            if self.keys.startswith(candidate):
                if candidate == self.keys:
                    self._held = b""
                    return bytes(out), True
                self._held = candidate
                continue
            if self.keys.startswith(bytes((byte,))):
                out += self._held
                self._held = bytes((byte,))
            else:
                out += candidate
                self._held = b""
        return bytes(out), False

    def flush(self):
        """Held bytes, released (at the end of input)."""
        held, self._held = self._held, b""
        return held
