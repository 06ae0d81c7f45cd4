"""Safe YAML loading that remembers where every value came from.

Mappings load as :class:`LocDict` and sequences as :class:`LocList`; both remember the line
and column (1-based) of each entry so that errors can name the place. Duplicate keys are an
error (plain PyYAML silently keeps the last one), and so is any tag that would construct an
object: only the safe loader is used.
"""

from __future__ import annotations

from typing import Any

import yaml

from convenience.errors import InputError

Position = tuple[int, int]
#: Deepest nesting of mappings and lists in a YAML file.
MAX_NESTING = 200
#: Most digits of a whole number written without quotes.
MAX_INTEGER_DIGITS = 300
#: Longest YAML text read, in characters: reading YAML costs about 2.5 s of CPU per million
#: characters (libyaml parses, but every value is built in Python), so a larger file is refused
#: before it is parsed. A larger normal form fits in a Gambit ``.nfg`` file (5 MB).
MAX_YAML_CHARACTERS = 1_000_000


class LocDict(dict):
    """A dict that knows the position of itself and of each of its values."""

    line: int = 0
    column: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.positions: dict[Any, Position] = {}
        self.key_positions: dict[Any, Position] = {}

    def loc(self, key: Any) -> Position:
        """Line and column of the value under ``key`` (the mapping's own if unknown)."""
        return self.positions.get(key, (self.line, self.column))


class LocList(list):
    """A list that knows the position of itself and of each item."""

    line: int = 0
    column: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.positions: list[Position] = []

    def loc(self, index: int) -> Position:
        """Line and column of item ``index`` (the list's own if unknown)."""
        if 0 <= index < len(self.positions):
            return self.positions[index]
        return (self.line, self.column)


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Loader(yaml.SafeLoader):
    """SafeLoader building LocDict/LocList, refusing duplicate keys, nesting deeper than
    :data:`MAX_NESTING` and integers longer than :data:`MAX_INTEGER_DIGITS` digits."""

    nesting = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.nesting += 1
        try:
            if self.nesting > MAX_NESTING:
                line, column = _position(self.peek_event())
                raise InputError(f"mappings and lists nested more than {MAX_NESTING} deep", line=line,
                                 column=column)
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1


def _construct_integer(loader: _Loader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    digits = len(text) if len(text) <= MAX_INTEGER_DIGITS else sum(c.isdigit() for c in text)
    if digits > MAX_INTEGER_DIGITS:
        line, column = _position(node)
        raise InputError(f"a whole number of {digits} digits; at most {MAX_INTEGER_DIGITS} are allowed",
                         line=line, column=column)
    return loader.construct_yaml_int(node)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocDict:
    loader.flatten_mapping(node)
    result = LocDict()
    result.line, result.column = _position(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            line, column = _position(key_node)
            raise InputError("a mapping key must be a plain value", line=line, column=column) from None
        if key in result:
            line, column = _position(key_node)
            first = result.key_positions[key][0]
            raise InputError(f"duplicate key '{key}' (first given on line {first})",
                             line=line, column=column, key=str(key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_positions[key] = _position(key_node)
        result.positions[key] = _position(value_node)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocList:
    result = LocList(loader.construct_object(child, deep=True) for child in node.value)
    result.line, result.column = _position(node)
    result.positions = [_position(child) for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_integer)

def _libyaml_loader() -> Any:
    """The same safe loading with libyaml's scanner, parser and composer (in C, so a large file
    is parsed in proportion to its size), or None when PyYAML was built without libyaml (then
    the pure-Python loader does everything). Nesting is checked on the composed nodes
    (:func:`_check_nesting`), since the C composer does not call ``compose_node``; libyaml itself
    refuses nesting beyond 1,000 levels while parsing."""
    base = getattr(yaml, "CSafeLoader", None)
    if base is None:  # pragma: no cover - depends on how PyYAML was built
        return None

    class _CLoader(base):  # type: ignore[valid-type,misc]
        pass

    _CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _CLoader.add_constructor("tag:yaml.org,2002:int", _construct_integer)
    return _CLoader


_CLoader: Any = _libyaml_loader()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_nesting(root: yaml.Node) -> None:
    """Refuse nodes nested more than :data:`MAX_NESTING` deep (counting through aliases) and a
    structure that contains itself, at the line where it happens; each node is measured once,
    so a file of many aliases is checked in proportion to its size."""
    height: dict[int, int] = {}  # of each mapping and list (a scalar's is 1, not stored)

    def of(node: yaml.Node) -> int:
        return 1 if isinstance(node, yaml.ScalarNode) else height[id(node)]

    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            height[key] = 1 + max(map(of, _children(node)), default=0)
            continue
        if key in height:
            continue
        if key in open_nodes:
            line, column = _position(node)
            raise InputError("an alias refers to the mapping or list that contains it", line=line, column=column)
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                line, column = _position(child)
                raise InputError("an alias refers to the mapping or list that contains it", line=line, column=column)
            if id(child) not in height and not isinstance(child, yaml.ScalarNode):
                stack.append((child, False))
    if of(root) <= MAX_NESTING:  # as deep as the pure-Python loader allows, counting scalars
        return
    node, depth = root, 1
    while depth <= MAX_NESTING:  # follow the deepest branch to the first node too deep
        node = max(_children(node), key=of)
        depth += 1
    line, column = _position(node)
    raise InputError(f"mappings and lists nested more than {MAX_NESTING} deep", line=line, column=column)


#: Python frames the composer and the constructors use per level of nesting (at most).
FRAMES_PER_LEVEL = 8


def _load(text: str) -> Any:
    """The document, composed and constructed with room on the stack for :data:`MAX_NESTING`
    levels (the constructors recurse; at Python's default limit a file nested 198 deep, within
    the documented limit, would fail)."""
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 1_000 + FRAMES_PER_LEVEL * MAX_NESTING))
    try:
        if _CLoader is None:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
        loader = _CLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_nesting(node)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    finally:
        sys.setrecursionlimit(limit)


def load_yaml(text: str, file: str | None = None) -> Any:
    """Parse YAML text safely; errors become :class:`InputError` naming file, line and column."""
    if len(text) > MAX_YAML_CHARACTERS:
        at_line, at_column = _text_position(text, MAX_YAML_CHARACTERS)
        raise InputError(f"YAML text longer than {MAX_YAML_CHARACTERS:,} characters, the limit for YAML game "
                         "files (it passes the limit here); write a larger normal form as a Gambit .nfg file",
                         file=file, line=at_line, column=at_column)
    try:
        return _load(text)
    except InputError as error:
        raise error.located(file=file) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        if "could not determine a constructor" in str(error):
            problem = f"tags that construct objects are not allowed ({problem.split('tag ')[-1]})" \
                if "tag" in problem else "tags that construct objects are not allowed"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        if problem.startswith("exceeded maximum nesting depth"):  # libyaml's own limit, far above ours
            raise InputError(f"mappings and lists nested more than {MAX_NESTING} deep", file=file, line=line,
                             column=column) from None
        problem = _plain_problem(problem, text, mark)
        context = f" ({error.context})" if error.context else ""
        raise InputError(f"YAML syntax error: {problem}{context}", file=file, line=line,
                         column=column) from None
    except UnicodeEncodeError as error:  # a lone surrogate (text from Python, not from a file)
        line, column = _text_position(text, error.start)
        raise InputError(f"character {text[error.start]!r} is not allowed in a YAML file", file=file,
                         line=line, column=column) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (control characters)
        line, column = _text_position(text, error.position)
        raise InputError(f"character {chr(error.character) if isinstance(error.character, int) else error.character!r} is not allowed in a YAML file (control characters "
                         "must be escaped in a double-quoted string)", file=file, line=line, column=column) from None
    except yaml.YAMLError as error:
        raise InputError(f"YAML error: {error}", file=file) from None
    except RecursionError:
        raise InputError("the file is nested too deeply to read", file=file) from None


def _plain_problem(problem: str, text: str, mark: Any) -> str:
    """libyaml's wording of a syntax error made like the pure-Python parser's: the character or
    alias it is about named, "did not find expected X" said as "expected X"."""
    index = getattr(mark, "index", None)
    if not isinstance(index, int) or not 0 <= index < len(text):
        return problem
    at = text[index]
    if problem == "found character that cannot start any token" and at:
        return f"found character {at!r} that cannot start any token"
    if problem == "found undefined alias" and at == "*":
        name = text[index + 1:].split(None, 1)[0].rstrip(",]}") if text[index + 1:].strip() else ""
        return f"found undefined alias {name!r}" if name else problem
    if problem.startswith("did not find expected "):
        return "expected " + problem[len("did not find expected "):]
    return problem.replace("are not allowed in this context", "are not allowed here")


def _text_position(text: str, offset: int) -> Position:
    """1-based line and column of character ``offset`` of ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
