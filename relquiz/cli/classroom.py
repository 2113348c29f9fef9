"""`relquiz report`: a class's results files turned into one report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import PlainOption, app, check_output, error_boundary, views, write
from relquiz.errors import UsageError
from relquiz.safety import printable


@app.command()
def report(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="RESULTS", help="Results files, or folders of them (*.json).", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON for scripts.")] = False,
    csv_path: Annotated[
        Path | None,
        typer.Option(
            "--csv", metavar="PATH", help="Write a student-by-question table for gradebooks.", show_default=False
        ),
    ] = None,
    html_path: Annotated[
        Path | None,
        typer.Option("--html", metavar="PATH", help="Save a copy of the report as HTML.", show_default=False),
    ] = None,
    svg_path: Annotated[
        Path | None, typer.Option("--svg", metavar="PATH", help="Save a copy of the report as SVG.", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that --csv, --html or --svg name.")] = False,
    plain: PlainOption = False,
) -> None:
    """Results from many students: scores, item analysis per question, accuracy per distinction."""
    view, errors = views(plain)
    with error_boundary(errors):
        from relquiz.render import report_copy
        from relquiz.report import find_results_files, read_all, report_as_data, student_matrix_csv

        for output in (csv_path, html_path, svg_path):
            if output is not None:
                check_output(output, force)
        files = find_results_files(paths)
        if not files:
            raise UsageError("no results files found (looked for *.json in the folders given)")
        with errors.progress(len(files), "Reading results") as advance:
            class_report = read_all(files, advance)
        for path, reason in class_report.skipped:
            errors.warning(f"skipped {printable(path)}: {reason}")
        for warning in class_report.warnings:
            errors.warning(warning)
        if not class_report.banks:
            raise UsageError("none of the files could be used; see the lines above")
        if as_json:
            view.json(report_as_data(class_report))
        else:
            view.report(class_report)
        if csv_path is not None:
            write(csv_path, student_matrix_csv(class_report))
        copies: tuple[tuple[str, Path | None], ...] = (("html", html_path), ("svg", svg_path))
        for kind, target in copies:
            if target is not None:  # drawing a copy costs as much as the report: only when asked
                write(target, report_copy(class_report, kind))
        for saved in (csv_path, html_path, svg_path):
            if saved is not None:
                errors.line(f"Saved {printable(str(saved))}")
