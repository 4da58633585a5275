"""The city diagnosis report's buttons (issue #11), and the runner that makes a PDF with `python -m wego_brief` in a
process of its own, through the pack's queue (the briefing pack's sidebar button uses the same runner)."""

from __future__ import annotations

import streamlit as st

from wego_view.context import ViewContext

PROG_PREFIX = "python -m wego_brief: "


def build_in_queue(t, arguments: list[str], failed_key: str, what: str) -> bytes | None:
    """`python -m wego_brief <arguments> --out <temporary file> --progress` after the builds ahead of it (one at a
    time per server process, a few per session: wego_ui/protect.py), the queue position while it waits and a
    progress bar while it runs. The PDF's bytes, or None when it was refused or failed: a one-line message meant for
    a person (snapshot, member, font, browser) is shown as it is, anything else as `failed_key`, and logged as
    `what` failing."""
    import json
    import logging
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from wego_ui import limits, protect

    try:
        ticket = protect.pack_queue().join(protect.session())
    except limits.QueueRefused as refused:
        st.warning(t(refused.key, **refused.values), icon=":material/hourglass_top:")
        return None
    try:
        waiting = st.empty()
        while not ticket.wait(0.5):
            waiting.info(t("queue.position", position=ticket.position()), icon=":material/hourglass_top:")
        waiting.empty()
        bar = st.progress(0.0)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "report.pdf"
            command = [sys.executable, "-m", "wego_brief", *arguments, "--out", str(out), "--progress"]
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            errors = []
            try:
                for line in proc.stderr:
                    try:
                        step = json.loads(line)
                        bar.progress(float(step["done"]), text=str(step["message"]))
                    except (ValueError, KeyError, TypeError):
                        errors.append(line.strip())
                code = proc.wait()
            finally:
                if proc.poll() is None:  # the session went away mid-build: do not leave the build running
                    proc.kill()
                    proc.wait()
            if code != 0 or not out.exists():
                logging.getLogger(__name__).error("%s failed: %s", what, " | ".join(errors))
                last = next((e for e in reversed(errors) if e), "")
                # A one-line message meant for a person says what to fix; an unexpected failure stays in the log.
                shown = (
                    last.removeprefix(PROG_PREFIX) if last.startswith(PROG_PREFIX) and "unexpected" not in last else ""
                )
                st.error(shown or t(failed_key), icon=":material/error:")
                return None
            return out.read_bytes()
    finally:
        ticket.done()


def report_buttons(vctx: ViewContext, member_id: str, framework: str, edition: int) -> None:
    """Under a city on the Digital maturity page: a button that makes its diagnosis report as PDF (in the session's
    language, for the session's reader: the public's PDF holds published results only), then a download of it that
    does not rerun the page and belongs to exactly this city, framework, edition and snapshot; and the same report
    as XLSX, made in the server process when clicked (it is small)."""
    from wego_view import city_report

    t = vctx.t
    try:
        edition = city_report.check(vctx, member_id, framework, edition)
    except city_report.ChoiceError:
        return  # nothing to report for this reader (the page says why)
    choice = (vctx.snapshot_id, vctx.lang, vctx.unit, vctx.audience, member_id, framework, edition)
    key = f"{member_id}_{framework}_{edition}"
    stem = f"wego-city-report-{member_id}-{framework}-{edition}-{vctx.snapshot_id}-{vctx.lang}"
    row = st.container(horizontal=True, gap="small")
    if row.button(t("report.pdf_button"), icon=":material/picture_as_pdf:", key=f"report_make_{key}"):
        arguments = ["--city", member_id, "--framework", framework, "--edition", str(edition)]
        arguments += ["--snapshot", vctx.snapshot_id, "--lang", vctx.lang, "--unit", vctx.unit]
        arguments += ["--audience", vctx.audience]
        pdf = build_in_queue(t, arguments, "report.failed", "city report")
        if pdf is not None:
            st.session_state["report_pdf"] = (choice, pdf)
    made = st.session_state.get("report_pdf")
    if made and made[0] == choice:
        row.download_button(
            t("report.pdf_download"),
            made[1],
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/download:",
            key=f"report_pdf_{key}",
        )
    row.download_button(
        t("report.xlsx_download"),
        lambda: city_report.workbook(vctx, city_report.build(vctx, member_id, framework, edition)),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table_view:",
        key=f"report_xlsx_{key}",
    )
