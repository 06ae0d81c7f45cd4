"""The commands' JSON writer gives exactly the text of ``json.dumps(data, indent=2)``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convenience.json_text import dumps

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
KEYS = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                         | st.dictionaries(KEYS, inner, max_size=4), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.booleans())
def test_the_text_is_the_standard_librarys(data, ascii_only):
    assert dumps(data, ensure_ascii=ascii_only) == json.dumps(data, indent=2, ensure_ascii=ascii_only)


def test_unknown_objects_go_through_default_or_are_refused():
    class Odd:
        def __str__(self) -> str:
            return "odd"

    data = {"a": [Odd(), {"b": Odd()}]}
    assert dumps(data, default=str) == json.dumps(data, indent=2, default=str)
    with pytest.raises(TypeError):
        dumps(data)
    with pytest.raises(TypeError):
        dumps({(1, 2): 3})


def test_the_text_comes_in_pieces_and_generators_are_lists_made_as_they_are_written():
    from convenience.json_text import iter_json

    made: list[int] = []

    def equilibria():
        for k in range(3):
            made.append(k)
            yield {"profile": {"P1": {"node": {"a": k, "b": 1 - k}}}, "pure": True}

    document = {"title": "t", "equilibria": equilibria(), "notes": []}
    pieces = iter_json(document, ensure_ascii=False)
    first = next(pieces)
    assert made == []  # nothing made before it is written
    text = first + "".join(pieces)
    expected = {"title": "t", "equilibria": [{"profile": {"P1": {"node": {"a": k, "b": 1 - k}}}, "pure": True}
                                             for k in range(3)], "notes": []}
    assert made == [0, 1, 2] and text == json.dumps(expected, indent=2, ensure_ascii=False)
    assert dumps((x for x in [])) == "[]" and dumps({"a": (x for x in [1])}) == json.dumps({"a": [1]}, indent=2)


def test_a_file_written_in_pieces_is_written_whole(tmp_path):
    from convenience.commands.output import write_file

    path = tmp_path / "out.json"
    write_file(path, iter(["{", "\n  \"a\": 1", "\n}"]))
    assert path.read_text() == "{\n  \"a\": 1\n}"

    def failing():
        yield "{"
        raise TypeError("not serializable")

    with pytest.raises(TypeError):
        write_file(path, failing())
    assert path.read_text() == "{\n  \"a\": 1\n}"  # the old file stays whole
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left
