"""Plain data classes without the start-up cost of dataclasses.

dataclasses writes and compiles an __init__, __repr__ and __eq__ for each class
when its module is imported: about a millisecond per class on a small machine,
paid by every dockercri process for the dozen classes on every command's path.
A Record names its fields once and shares one __init__, __repr__, __eq__ and
__hash__ with all the others; the cost moves to construction, where it is a few
microseconds for objects made tens of times per command.

    class Pick(Record):
        FIELDS = ("kind", "name")                            # required, in order
    class Step(Record):
        FIELDS = ("key", "rpc", ("request", Factory(dict)))  # (name, default)
"""

__all__ = ["Factory", "Record"]


class Factory:
    """A default made anew for each object (a fresh dict or list, never a shared one)."""

    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


class Record:
    FIELDS = ()
    FROZEN = False  # True: fields cannot be assigned after construction; hashable

    _names = ()
    _defaults = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        names, defaults = [], {}
        for spec in cls.FIELDS:
            if isinstance(spec, tuple):
                name, default = spec
                defaults[name] = default
            else:
                if defaults:
                    raise TypeError("%s: required field %r after a field with a default"
                                    % (cls.__name__, spec))
                name = spec
            names.append(name)
        cls._names = tuple(names)
        cls._defaults = defaults

    def __init__(self, *args, **kwargs):
        names = self._names
        if len(args) > len(names):
            raise TypeError("%s() takes %d arguments, %d given"
                            % (type(self).__name__, len(names), len(args)))
        values = self.__dict__
        for name, value in zip(names, args):
            values[name] = value
        for name, value in kwargs.items():
            if name not in self._defaults and name not in names or name in values:
                raise TypeError("%s() got an unexpected or repeated argument %r"
                                % (type(self).__name__, name))
            values[name] = value
        if len(values) < len(names):
            for name in names:
                if name in values:
                    continue
                if name not in self._defaults:
                    raise TypeError("%s() is missing the argument %r"
                                    % (type(self).__name__, name))
                default = self._defaults[name]
                values[name] = default.make() if isinstance(default, Factory) else default
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def _values(self):
        values = self.__dict__
        return tuple(values[name] for name in self._names)

    def as_dict(self):
        """The fields and their values, in declaration order."""
        return {name: self.__dict__[name] for name in self._names}

    def replace(self, **changes):
        """A copy with some fields changed."""
        values = {name: self.__dict__[name] for name in self._names}
        values.update(changes)
        return type(self)(**values)

    def __setattr__(self, name, value):
        if self.FROZEN:
            raise AttributeError("cannot assign to field %r of a frozen %s"
                                 % (name, type(self).__name__))
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if self.FROZEN:
            raise AttributeError("cannot delete field %r of a frozen %s"
                                 % (name, type(self).__name__))
        object.__delattr__(self, name)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self):
        if not self.FROZEN:
            raise TypeError("unhashable type: %r" % type(self).__name__)
        return hash(self._values())

    def __repr__(self):
        return "%s(%s)" % (type(self).__qualname__, ", ".join(
            "%s=%r" % (name, self.__dict__[name]) for name in self._names))
