"""Explorer pages in headless Chromium: size, first render and slider-update times per game.

    python benchmarks/bench_explore.py [games/ ...] [--moves 20]

For every game file the page is built in memory, opened from disk, and its first slider is
moved ``--moves`` times from the keyboard. Printed per game: the page's size, the time from the
start of its script to the first complete render, and the median and slowest update (the page
measures both with ``performance.now()``; the thresholds and the regime map are drawn after each
update and are not counted). Needs Playwright and the system's Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from convenience.api import load  # noqa: E402 - after the path is set
from convenience.explore import explore_page  # noqa: E402
from convenience.spec import expand_paths  # noqa: E402


def settle(page) -> None:
    while not page.evaluate("window.explore.idle()"):
        time.sleep(0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "games")])
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    files = [f for f in expand_paths([Path(p) for p in args.paths]) if "kind: conclusions" not in f.read_text()]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        for f in files:
            html = explore_page(load(f), f.name)
            page_file = Path(tmp) / f"{f.stem}.html"
            page_file.write_text(html, encoding="utf-8")
            page = browser.new_page()
            page.goto(page_file.as_uri())
            settle(page)
            page.focus("#range-0")
            for _ in range(args.moves):
                page.keyboard.press("ArrowRight")
                settle(page)
            timings = page.evaluate("window.explore.timings")
            updates = timings["updates"][1:]  # the first update is part of the first render
            rows.append((f.stem, len(html.encode()), timings["render"], statistics.median(updates), max(updates)))
            page.close()
        browser.close()
    print(f"{'game':<20} {'size KB':>8} {'render ms':>10} {'update ms (median)':>19} {'update ms (max)':>16}")
    for name, size, render, median, worst in rows:
        print(f"{name:<20} {size / 1000:>8.1f} {render:>10.1f} {median:>19.1f} {worst:>16.1f}")


if __name__ == "__main__":
    main()
