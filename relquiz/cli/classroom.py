"""`relquiz report`: a class's results files turned into one report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from relquiz.cli.common import PlainOption, command, views
from relquiz.errors import UsageError


@command()
def report(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="RESULTS", help="Results files, or folders of them (*.json).", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON for scripts.")] = False,
    csv_path: Annotated[
        str | None,  # text, not a Path: an empty name must not be taken for the folder '.'
        typer.Option(
            "--csv", metavar="PATH", help="Write a student-by-question table for gradebooks.", show_default=False
        ),
    ] = None,
    html_path: Annotated[
        str | None,
        typer.Option(
            "--html",
            metavar="PATH",
            help="Save the report as a web page to project, print or hand out (self-contained).",
            show_default=False,
        ),
    ] = None,
    svg_path: Annotated[
        str | None, typer.Option("--svg", metavar="PATH", help="Save a copy of the report as SVG.", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that --csv, --html or --svg name.")] = False,
    show: Annotated[
        bool, typer.Option("--show", help="With --csv, --html or --svg: also show the report on screen.")
    ] = False,
    anonymous: Annotated[
        bool,
        typer.Option(
            "--anonymous", help="Name students 'Student 1', 'Student 2'... and hide file names, in every output."
        ),
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Results from many students: scores, item analysis per question, accuracy per distinction."""
    from relquiz.files import claimed_outputs, write_output
    from relquiz.gradebook import student_matrix_csv
    from relquiz.report import find_results_files, read_all
    from relquiz.report_data import report_as_data
    from relquiz.results import journal_of
    from relquiz.views.classroom import report_svg, show_class_report
    from relquiz.views.report_html import class_report_html

    view, stderr = views(plain)
    # Found before the outputs are claimed: a new output in a results folder is never read back.
    files = find_results_files(paths)
    if not files:
        raise UsageError("no results files found (looked for *.json in the folders given)")
    named = (("--csv", csv_path), ("--html", html_path), ("--svg", svg_path))
    read = [*files, *(journal_of(file) for file in files)]  # never written over, even with --force
    claimed = claimed_outputs(named, force, private=True, inputs=read, inputs_are="one of the results files read")
    with claimed as outputs:  # private: grades are for the teacher alone
        with stderr.progress(len(files), "Reading results") as advance:
            class_report = read_all(files, advance, anonymous)  # for a projector: before anything names them
        made = datetime.now().astimezone()
        for path, reason in class_report.skipped:
            stderr.warning(f"skipped {path}: {reason}")
        for warning in class_report.warnings:
            stderr.warning(warning)
        if not class_report.banks:
            raise UsageError("none of the files could be used; see the lines above")
        if as_json:
            view.json(report_as_data(class_report))
        elif show or not outputs:  # a file asked for gets one line saying where, not the report again
            show_class_report(view, class_report)
        writers: dict[str, Callable[[], str]] = {
            "--csv": lambda: student_matrix_csv(class_report),
            "--html": lambda: class_report_html(class_report, made),  # drawn only when asked: it costs a report
            "--svg": lambda: report_svg(class_report),
        }
        asked = [option for option, path in named if path is not None]
        for option, output in zip(asked, outputs, strict=True):
            write_output(output, writers[option]())
            stderr.say(f"Saved {output.path}")
