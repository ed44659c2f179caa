"""The run report: one row per executed notebook (status, wall time, peak memory, link), as Markdown and HTML."""

import os
from datetime import UTC, datetime
from pathlib import Path

from aitrain.base.pages import render
from aitrain.tooling.notebook_run import NotebookRun


def _rel(path: str, start: Path) -> str:
    return os.path.relpath(path, start)


def write_report(results: list[NotebookRun], folder: Path, title: str = "aitrain run report") -> tuple[Path, Path]:
    """Write report.md and report.html into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    ok = sum(r.ok for r in results)
    summary = f"{ok} of {len(results)} notebooks ran to completion."

    lines = [f"# {title}", "", f"{stamp}. {summary}", "",
             "| notebook | status | wall time (s) | peak memory (MB) | details |", "|---|---|---:|---:|---|"]
    for r in results:
        name = Path(r.notebook).stem
        lines.append(f"| [{name}]({_rel(r.output, folder)}) | {r.status} | {r.seconds:.1f} | {r.peak_mb:.0f} | "
                     f"{r.error.replace('|', '/')} |")
    markdown = folder / "report.md"
    markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")

    rows = [{"link": _rel(r.output, folder), "name": Path(r.notebook).stem, "ok": r.ok, "status": r.status,
             "seconds": r.seconds, "peak_mb": r.peak_mb, "error": r.error} for r in results]
    page_path = folder / "report.html"
    page_path.write_text(render("run_report.html.j2", title=title, stamp=stamp, summary=summary, rows=rows),
                         encoding="utf-8")
    return markdown, page_path
