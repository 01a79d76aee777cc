"""How Python values stand in for Go values: kinds, type names, truth."""

import functools
import inspect
import math
from collections.abc import Mapping

NIL, BOOL, INT, FLOAT, COMPLEX, STRING, BYTES, MAP, SLICE, FUNC, STRUCT = (
    "nil", "bool", "int", "float", "complex", "string", "bytes", "map", "slice", "func", "struct")


class StringSlice(list):
    """A Go []string (what split returns); plain lists are []interface {}."""


def is_func(value):
    return inspect.isroutine(value) or isinstance(value, functools.partial)


def kind(value):
    if value is None:
        return NIL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, complex):
        return COMPLEX
    if isinstance(value, str):
        return STRING
    if isinstance(value, (bytes, bytearray)):
        return BYTES
    if isinstance(value, Mapping):
        return MAP
    if isinstance(value, (list, tuple)):
        return SLICE
    if is_func(value):
        return FUNC
    return STRUCT


def _key_type(mapping):
    kinds = {kind(k) for k in mapping.keys()}
    if kinds == {STRING} or not kinds:
        return "string"
    if kinds == {INT}:
        return "int"
    return "interface {}"


def map_key_type(mapping):
    try:
        return _key_type(mapping)
    except Exception:
        return "interface {}"


def type_name(value):
    """reflect.Type.String() of the Go value this Python value stands for."""
    k = kind(value)
    if k == NIL:
        return "<nil>"
    if k == BOOL:
        return "bool"
    if k == INT:
        return "int"
    if k == FLOAT:
        return "float64"
    if k == COMPLEX:
        return "complex128"
    if k == STRING:
        return "string"
    if k == BYTES:
        return "[]uint8"
    if k == MAP:
        return "map[%s]interface {}" % map_key_type(value)
    if k == SLICE:
        return "[]string" if isinstance(value, StringSlice) else "[]interface {}"
    if k == FUNC:
        return "func()"
    name = getattr(type(value), "__go_type__", None)
    return name if isinstance(name, str) else type(value).__name__


def is_true(value):
    """Go's template truth: the zero value of every type is false."""
    k = kind(value)
    if k == NIL:
        return False
    if k in (BOOL, INT, FLOAT, COMPLEX):
        return value != 0
    if k in (STRING, BYTES, MAP, SLICE):
        return len(value) > 0
    return True


def _sort_key(key):
    k = kind(key)
    if k == NIL:
        return (0, 0)
    if k == BOOL:
        return (1, key)
    if k == INT:
        return (2, 1, key)
    if k == FLOAT:
        return (2, 0, 0) if math.isnan(key) else (2, 1, key)
    if k == STRING:
        return (3, key)
    return (4, repr(key))


def sorted_keys(mapping):
    """Map keys in the order Go's fmtsort gives (what range and %v use)."""
    keys = list(mapping.keys())
    try:
        return sorted(keys, key=_sort_key)
    except TypeError:
        return sorted(keys, key=lambda k: (_sort_key(k)[0], repr(k)))
