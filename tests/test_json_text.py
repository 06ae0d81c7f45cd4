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
