"""mkdocs hook: links from docs/ to files of the repository outside docs/ (``../games/``,
``../benchmarks/README.md``) work when the Markdown is read in the repository; on the site,
where those files are not pages, they become the file's path in code (``games/``), so that
``mkdocs build --strict`` still fails on every other broken link."""

from __future__ import annotations

import re


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ARG001 - the hook's signature
    up = "../" * (page.file.src_uri.count("/") + 1)  # from this page to the repository root
    outside = re.compile(r"\[([^\]]+)\]\(" + re.escape(up) + r"([^)#\s]+)\)")
    return outside.sub(lambda m: m.group(1) if m.group(1).startswith("`") else f"{m.group(1)} (`{m.group(2)}`)",
                       markdown)
