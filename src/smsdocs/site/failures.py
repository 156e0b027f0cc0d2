"""Where a page's macros failed: the line of its file, front matter counted, from Jinja's frames
and tracebacks, for the one error line a build or an export reports."""

from __future__ import annotations

import sys
from pathlib import Path

from smsdocs.errors import SmsdocsError
from smsdocs.site import engine
from smsdocs.site.engine import Page


class MacroError(SmsdocsError):
    """A macro called with arguments it does not take (raised inside the page's template)."""


def template_line() -> int | None:
    """The line of the page's template being rendered, from the calling Jinja frame."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return int(template.get_corresponding_lineno(frame.f_lineno))
        frame = frame.f_back  # type: ignore[assignment]
    return None


def error_line(error: BaseException | None) -> int | None:
    """The line of the page's template an error of Jinja's was raised at: where the parser
    stopped, or the innermost frame of the rendered template in its traceback."""
    from jinja2 import TemplateSyntaxError

    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    line = None
    trace = error.__traceback__ if error is not None else None
    while trace is not None:
        found = trace.tb_frame.f_globals
        if "__jinja_exception__" in found:  # a frame Jinja rewrote to the template's line
            line = trace.tb_lineno
        elif found.get("__jinja_template__") is not None:
            line = int(found["__jinja_template__"].get_corresponding_lineno(trace.tb_lineno))
        trace = trace.tb_next
    return line


def front_matter_lines(page: Page) -> int:
    """Lines of a page's file before the Markdown the macros see (its front matter)."""
    try:
        source = Path(page.file.abs_src_path or "").read_text(encoding="utf-8-sig")
    except OSError:
        return 0
    body, _ = engine.front_matter(source)
    return source.count("\n") - body.count("\n")
