"""JSON documents as the commands write them: ``json.dumps(data, indent=2)``, byte for byte,
in a fraction of its time on large documents.

The standard library writes indented JSON in pure Python, through one generator per nested
list or object; the profile of a tree with a hundred thousand information sets takes it a
quarter of a second. :func:`dumps` walks the document once and joins the pieces, with the
standard library's own string, number and key conversions, so the text is the same (a test
compares the two on random documents).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any


def dumps(data: Any, *, ensure_ascii: bool = True, default: Callable[[Any], Any] | None = None,
          indent: int = 2) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=ensure_ascii, default=default)``."""
    string = encode_basestring_ascii if ensure_ascii else encode_basestring
    floating = json.encoder.JSONEncoder(allow_nan=True).iterencode  # NaN and infinities as the standard does
    out: list[str] = []
    add = out.append
    step = " " * indent

    def scalar(o: Any) -> str | None:
        if isinstance(o, str):
            return string(o)
        if o is None:
            return "null"
        if o is True:
            return "true"
        if o is False:
            return "false"
        if isinstance(o, int):
            return int.__repr__(o)
        if isinstance(o, float):
            return "".join(floating(o)) if o != o or o in (float("inf"), float("-inf")) else float.__repr__(o)
        return None

    def key_text(k: Any) -> str:
        if isinstance(k, str):
            return string(k)
        if isinstance(k, (int, float)) or k is None:  # True, False and None become their JSON names
            return string(scalar(k) or "")
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")

    def value(o: Any, level: int) -> None:
        text = scalar(o)
        if text is not None:
            add(text)
        elif isinstance(o, (list, tuple)):
            if not o:
                add("[]")
                return
            inner = "\n" + step * (level + 1)
            add("[")
            first = True
            for item in o:
                add(inner if first else "," + inner)
                first = False
                value(item, level + 1)
            add("\n" + step * level + "]")
        elif isinstance(o, dict):
            if not o:
                add("{}")
                return
            inner = "\n" + step * (level + 1)
            add("{")
            first = True
            for k, v in o.items():
                head = (inner if first else "," + inner) + (string(k) if type(k) is str else key_text(k)) + ": "
                first = False
                kind = type(v)
                if kind is int:  # the common leaves, written at once
                    add(head + int.__repr__(v))
                elif kind is str:
                    add(head + string(v))
                else:
                    add(head)
                    value(v, level + 1)
            add("\n" + step * level + "}")
        elif default is not None:
            value(default(o), level)
        else:
            raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    value(data, 0)
    return "".join(out)


__all__ = ["dumps"]
