"""Record: the project's plain data classes."""

import pytest

from dockercri.record import Factory, Record


class Point(Record):
    FIELDS = ("x", ("y", 0), ("tags", Factory(list)))


class Frozen(Record):
    FIELDS = ("a", ("b", ()))
    FROZEN = True


class Checked(Record):
    FIELDS = (("n", "1"),)

    def __post_init__(self):
        self.n = int(self.n)


def test_positional_keyword_and_default_arguments():
    p = Point(1, tags=["t"])
    assert (p.x, p.y, p.tags) == (1, 0, ["t"])
    assert Point(x=2, y=3).as_dict() == {"x": 2, "y": 3, "tags": []}


def test_factory_defaults_are_never_shared():
    first, second = Point(1), Point(2)
    first.tags.append("mine")
    assert second.tags == []


@pytest.mark.parametrize("make", [
    lambda: Point(),                  # a required field missing
    lambda: Point(1, 2, [], 4),       # too many
    lambda: Point(1, z=3),            # unknown
    lambda: Point(1, x=2),            # given twice
])
def test_bad_arguments_are_type_errors(make):
    with pytest.raises(TypeError):
        make()


def test_required_field_after_a_default_is_refused_at_definition():
    with pytest.raises(TypeError):
        class Bad(Record):  # noqa: F841 - defining it is the test
            FIELDS = (("a", 1), "b")


def test_equality_repr_and_replace():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(1, 3)
    assert Point(1) != Frozen(1)
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"
    changed = Point(1, 2).replace(y=5)
    assert changed == Point(1, 5)


def test_frozen_records_refuse_assignment_and_hash_by_value():
    f = Frozen(1)
    with pytest.raises(AttributeError):
        f.a = 2
    with pytest.raises(AttributeError):
        del f.a
    assert hash(Frozen(1, ("x",))) == hash(Frozen(1, ("x",)))
    assert {Frozen(1), Frozen(1)} == {Frozen(1)}


def test_mutable_records_allow_assignment_and_are_unhashable():
    p = Point(1)
    p.y = 9
    assert p.y == 9
    with pytest.raises(TypeError):
        hash(p)


def test_post_init_normalises():
    assert Checked().n == 1 and Checked("7").n == 7
