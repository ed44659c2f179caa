"""The run report: one row per executed notebook (status, wall time, peak memory, link), as Markdown and HTML."""

import html
import os
from datetime import UTC, datetime
from pathlib import Path

from aitrain.course.notebook_run import NotebookRun


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

    rows = "".join(
        f"<tr class='{'ok' if r.ok else 'bad'}'><td><a href='{html.escape(_rel(r.output, folder))}'>"
        f"{html.escape(Path(r.notebook).stem)}</a></td><td>{html.escape(r.status)}</td>"
        f"<td>{r.seconds:.1f}</td><td>{r.peak_mb:.0f}</td><td>{html.escape(r.error)}</td></tr>"
        for r in results
    )
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}tr.ok td:nth-child(2){{color:#009E73}}
tr.bad td:nth-child(2){{color:#D55E00;font-weight:bold}}</style></head><body>
<h1>{html.escape(title)}</h1><p>{stamp}. {html.escape(summary)}</p>
<table><tr><th>notebook</th><th>status</th><th>wall time (s)</th><th>peak memory (MB)</th><th>details</th></tr>
{rows}</table></body></html>
"""
    page_path = folder / "report.html"
    page_path.write_text(page, encoding="utf-8")
    return markdown, page_path
