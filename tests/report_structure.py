"""Structural checks of generated Markdown reports (used by the report tests).

Parses a report with markdown-it-py (GFM tables enabled) and returns a list of problems:
tables whose rows do not all have the header's number of cells, image links to missing files,
and Mermaid blocks that are not syntactically complete.
"""

from __future__ import annotations

import re
from pathlib import Path

DIAGRAM_TYPES = ("flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "erDiagram", "pie")
NODE_DEF = re.compile(r'^(n\d+)(\(\(".*"\)\)|\(\[".*"\]\)|\[".*"\]|\{".*"\})$')
EDGE = re.compile(r'^(n\d+) (-->\|".*"\||-->|-\.-|---) (n\d+)$')


def split_row(line: str) -> list[str]:
    """Cells of a GFM table row, honouring escaped pipes and code spans."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells, current, escaped = [], "", False
    for ch in line:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            current += ch
            escaped = True
        elif ch == "|":
            cells.append(current)
            current = ""
        else:
            current += ch
    cells.append(current)
    return cells


def _balanced(text: str) -> bool:
    """Brackets balance outside double-quoted label text."""
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack and not quoted


def mermaid_problems(source: str) -> list[str]:
    """Problems of one Mermaid flowchart as written by ``convenience.report.mermaid``."""
    lines = [line.strip() for line in source.strip().splitlines() if line.strip()]
    problems = []
    if not lines or not lines[0].startswith(DIAGRAM_TYPES):
        return [f"mermaid block does not start with a diagram type: {lines[:1]}"]
    if not _balanced(source):
        problems.append("mermaid block has unbalanced brackets or quotes")
    defined: set[str] = set()
    referenced: set[str] = set()
    links = 0
    styled: list[int] = []
    for line in lines[1:]:
        if m := NODE_DEF.match(line):
            defined.add(m.group(1))
        elif m := EDGE.match(line):
            referenced.update((m.group(1), m.group(3)))
            links += 1
        elif line.startswith("classDef "):
            continue
        elif line.startswith("class "):
            referenced.update(line.split()[1].split(","))
        elif line.startswith("linkStyle "):
            styled += [int(k) for k in line.split()[1].split(",")]
        else:
            problems.append(f"unrecognised mermaid line: {line}")
    missing = sorted(referenced - defined)
    if missing:
        problems.append(f"mermaid nodes used but not defined: {missing}")
    if any(k >= links for k in styled):
        problems.append(f"linkStyle index beyond the {links} links")
    return problems


def svg_problems(path: Path, name: str) -> list[str]:
    """An SVG figure kept beside its PNG: present, well-formed XML, an ``<svg>`` root."""
    import xml.etree.ElementTree as ET

    if not path.is_file():
        return [f"{name}: figure {path.name} does not exist"]
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as error:
        return [f"{name}: figure {path.name} is not well-formed XML ({error})"]
    if not root.tag.endswith("svg"):
        return [f"{name}: figure {path.name} has root <{root.tag}>, not <svg>"]
    return []


def report_problems(path: Path) -> list[str]:
    """Every structural problem of the Markdown file at ``path``."""
    from markdown_it import MarkdownIt

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    problems = []
    tables = 0
    for token in tokens:
        if token.type == "table_open":
            tables += 1
            start, end = token.map
            rows = [split_row(line) for line in lines[start:end]]
            width = len(rows[0])
            for k, row in enumerate(rows[1:], start + 2):
                if len(row) != width:
                    problems.append(f"{path.name}:{k}: table row has {len(row)} cells, header has {width}")
        elif token.type == "fence" and token.info.strip() == "mermaid":
            problems += [f"{path.name}:{token.map[0] + 1}: {p}" for p in mermaid_problems(token.content)]
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "image":
                    src = child.attrs.get("src", "")
                    if not (path.parent / src).is_file():
                        problems.append(f"{path.name}: image {src} does not exist")
                    if not child.content.strip():
                        problems.append(f"{path.name}: image {src} has no alt text")
                    if src.endswith(".png"):
                        problems += svg_problems(path.parent / (src[:-4] + ".svg"), path.name)
                elif child.type == "link_open" and child.attrs.get("href", "").startswith("#source-"):
                    anchor = child.attrs["href"][1:]
                    if f'<a id="{anchor}"></a>' not in text:
                        problems.append(f"{path.name}: link to #{anchor} has no target")
    problems += readability_problems(text, path.name)
    # A table-looking line that markdown-it did not parse as a table is malformed.
    parsed = sum(1 for line in lines if line.startswith("| ---") or line.startswith("| :---"))
    if parsed != tables:
        problems.append(f"{path.name}: {parsed} table delimiter rows but {tables} tables parsed")
    return problems


#: The longest verdict (words) and the longest line of a cell of the tables that name equilibria.
MAX_VERDICT_WORDS = 120
MAX_CELL = 80
# Tables whose cells are the user's own text or full plans, exempt from MAX_CELL.
_EXEMPT = ("### Full plans", "## Assumptions", "## The game", "## Expectations", "### Thresholds",
           "### Nash equilibria", "### Stage-game Nash equilibria", "### Equilibria met away")


def sections(text: str) -> dict[str, str]:
    """Report text by heading (``"## Verdict"``, ``"### Robustness"``, ...)."""
    out: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("#"):
            current = line.strip()
            out.setdefault(current, "")
        elif current:
            out[current] += line + "\n"
    return out


def verdict_of(text: str) -> str:
    return text.split("## Verdict", 1)[1].split("\n## ", 1)[0].strip()


def readability_problems(text: str, name: str = "report") -> list[str]:
    """What would make a report hard to read or contradict itself: a long verdict, a repeated
    sentence in it, over-long table cells, notes that contradict the sections they annotate."""
    problems = []
    if "## Verdict" not in text:
        return problems
    verdict = verdict_of(text)
    words = len(verdict.split())
    if words > MAX_VERDICT_WORDS:
        problems.append(f"{name}: verdict has {words} words (at most {MAX_VERDICT_WORDS})")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", verdict) if s.strip()]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    if repeated:
        problems.append(f"{name}: verdict repeats {sorted(repeated)}")
    heading = ""
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.strip()
        elif line.startswith("|") and not line.startswith(("| :", "| -")) and not heading.startswith(_EXEMPT):
            for cell in split_row(line):
                for part in cell.split("<br>"):  # a cell's lines, one under the other
                    if len(part.strip()) > MAX_CELL:
                        problems.append(f"{name}: cell line of {len(part.strip())} characters under {heading}: "
                                        f"{part.strip()[:40]}...")
    parts = sections(text)
    robustness = parts.get("### Robustness", "")
    draws = re.search(r"\(([\d,]+) draws, seed (\d+)\)", robustness)
    if draws and "no Monte Carlo was run" in text:
        problems.append(f"{name}: says no Monte Carlo was run under a Monte Carlo table")
    provenance = parts.get("## Provenance and reproducibility", "")
    if draws and f"Monte Carlo with {draws.group(1)} draws, seed {draws.group(2)}" not in provenance:
        problems.append(f"{name}: provenance does not report the {draws.group(1)} draws that were run")
    stability = parts.get("## Stability", "")
    if "would prefer" in stability or "better for every player" in stability:
        problems.append(f"{name}: stability claims more than weak Pareto dominance")
    return problems + _plan_problems(text, parts, name)


def _named(text: str) -> set[str]:
    found = set(re.findall(r"\bE\d+\b", text))
    for low, high in re.findall(r"\bE(\d+)–E(\d+)\b", text):
        found |= {f"E{n}" for n in range(int(low), int(high) + 1)}
    return found


def _plan_problems(text: str, parts: dict[str, str], name: str) -> list[str]:
    """Every plan listed under Full plans is named somewhere else in the report, and every name
    the report uses has its plan listed (trees)."""
    plans = parts.get("### Full plans", "")
    if not plans:
        return []
    listed = {split_row(line)[0].strip() for line in plans.splitlines()
              if line.startswith("| E")}
    elsewhere = text.replace(plans, "")
    problems = [f"{name}: plan of {n} listed but never named elsewhere" for n in sorted(listed - _named(elsewhere))]
    problems += [f"{name}: {n} named but its plan is not listed" for n in sorted(_named(elsewhere) - listed)]
    return problems
