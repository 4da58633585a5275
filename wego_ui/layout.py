"""What every page shows around its content: title, the as-of stamp, data-quality notes, downloads."""

from __future__ import annotations

import html

import streamlit as st

from wego_ui import state
from wego_view import fmt
from wego_view.i18n import quality_note


def header(title_key: str, caption: str | None = None) -> state.Context:
    ctx = state.current()
    t = ctx.t
    st.title(t(title_key))
    stamp = t("stamp", date=fmt.date(ctx.as_of, ctx.lang), snapshot=ctx.snapshot_id)
    st.caption(stamp)
    bad = state.bad_params()
    if bad:
        state.notice(bad, ctx.lang)
    state.header_done()
    if ctx.warnings:
        with st.expander(t("quality.title", count=len(ctx.warnings)), icon=":material/info:"):
            st.write(t("quality.intro"))
            for w in ctx.warnings:  # in the page's language (issue #10); older snapshots' notes as published
                st.text(quality_note(w, ctx.lang))
    if caption:
        st.caption(caption)
    return ctx


def unusable_list(unusable: list[dict]) -> str:
    """'2025-11-01 (members.parquet is missing); …': damaged snapshots for a notice, as plain text."""
    return "; ".join(f"{u['id']} ({u['reason']})" for u in unusable)


# The level of the last heading drawn in this run (session state: no module-level state), so that none skips one.
_HEADING_LEVEL = "_wego_heading_level"


def begin_headings() -> None:
    """A run starts under its page's title (h1): app.py calls this before the page runs."""
    st.session_state[_HEADING_LEVEL] = 1


def heading(text: str, level: int) -> None:
    """A section's heading under the page's title (h1): level 2 is an h2, level 3 (inside a column) an h3. A heading
    never skips a level (WCAG 1.3.1; axe-core's heading-order): a column's heading that comes first under the title is
    an h2. The sizes stay those of a subheader and a column heading (theme.headingFontSizes in .streamlit/config.toml).
    Drawn as Markdown, as the column headings always were, so tests that read a page's text find them all."""
    last = st.session_state.get(_HEADING_LEVEL, 1)
    level = max(2, min(level, last + 1, 6))
    st.session_state[_HEADING_LEVEL] = level
    st.markdown(f"{'#' * level} {md_escape(text)}")


def section(text: str) -> None:
    """A section heading inside a column, one step below the page's section headings."""
    heading(text, 3)


def table(frame, **kwargs) -> None:
    """A pandas DataFrame or an Arrow table, full width."""
    # An empty cell reads "–" (as the PDF and the formatted text say), never "None".
    st.dataframe(frame, hide_index=True, width="stretch", placeholder="–", **kwargs)


__all__ = ["fmt", "header", "table"]


def md_escape(text) -> str:
    """Data shown inside Markdown is text: it can never become a link, an image, markup or a Streamlit directive
    (wego_view.blocks.markdown_text, which also stops the autolinks that escaping alone does not)."""
    from wego_view.blocks import markdown_text

    return markdown_text(str(text))


def legend(items: dict[str, str], note: str) -> None:
    """A colour key under a map: catalog labels and palette colours only, escaped, never data values."""
    swatches = " ".join(
        f'<span style="white-space:nowrap;margin-right:0.9em">'
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;background:{html.escape(c)};'
        f'margin-right:0.3em;vertical-align:middle"></span>{html.escape(label)}</span>'
        for label, c in items.items()
    )
    note_html = f"<br>{html.escape(note)}" if note else ""
    st.markdown(f'<div style="font-size:0.85rem">{swatches}{note_html}</div>', unsafe_allow_html=True)


# Streamlit's page is one HTML document whose <html lang="en"> is fixed in its index.html, and st.set_page_config has
# no language (streamlit/streamlit#15726; the pull request that proposed one, #16024, was closed). A Korean page has
# to say it is Korean (WCAG 3.1.1), so a small script sets the attribute, and marks the language names in the
# sidebar's language choice ("한국어" on an English page) with their own language (WCAG 3.1.2; the label
# "Language · 언어" is one string of Streamlit's, not split). Its element is hidden:
# it shows nothing and takes no room. Constant text and an allow-listed language code, never data. No "<" inside the
# script, not even in a comment: the sanitizer (DOMPurify) then drops the whole script.
_LANG_SCRIPT = """<style>.stElementContainer:has(script[data-wego-lang]) { display: none; }</style>
<script data-wego-lang="%(lang)s">
(() => {
  const root = document.documentElement;
  root.lang = "%(lang)s";
  const names = %(names)s;
  // The choice shows its value in a combobox's input box and its options in a listbox outside the sidebar.
  const mark = () => {
    for (const el of document.querySelectorAll('[role="option"], [data-testid="stSidebar"] input[role="combobox"]')) {
      const lang = names[(el.tagName === "INPUT" ? el.value : el.textContent).trim()];
      if (lang && el.getAttribute("lang") !== lang) {
        el.setAttribute("lang", lang);
        el.setAttribute("data-wego-lang", lang);
      } else if (!lang && el.hasAttribute("data-wego-lang")) {  // a filter typed into the box: no longer a name
        el.removeAttribute("lang");
        el.removeAttribute("data-wego-lang");
      }
    }
  };
  if (window.__wegoLangObserver) window.__wegoLangObserver.disconnect();
  let queued = false;
  window.__wegoLangObserver = new MutationObserver(() => {
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; mark(); }); }
  });
  window.__wegoLangObserver.observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["value"],
  });
  mark();
})();
</script>"""


def language_style(lang: str) -> None:
    """The page's language on <html> (and on the language names in the sidebar); Korean wraps between words
    (keep-all), not inside them. Constant markup; the language code comes from the allow-list."""
    import json

    from wego_view import i18n

    lang = lang if lang in i18n.LANGUAGES else "en"
    names = {name: code for code, name in i18n.LANGUAGE_NAMES.items()}
    st.html(_LANG_SCRIPT % {"lang": lang, "names": json.dumps(names, ensure_ascii=False)}, unsafe_allow_javascript=True)
    if lang == "ko":
        st.html(
            "<style>.stMain p, .stMain li, .stMain span, .stMain h1, .stMain h2, .stMain h3 "
            "{ word-break: keep-all; overflow-wrap: anywhere; }</style>"
        )


def _build_pack(ctx: state.Context, lang: str, watermark: str, filters: dict[str, str]) -> bytes | None:
    """Make the pack in its own process, after the builds ahead of it (one at a time per server process, a few per
    session: wego_ui/protect.py); the queue position shows while it waits. None when it was refused or failed (the
    reason is on screen)."""
    from wego_ui import report

    arguments = ["--snapshot", ctx.snapshot_id, "--lang", lang, "--unit", ctx.unit, "--audience", ctx.audience]
    if watermark.strip():
        arguments += ["--watermark", watermark.strip()]
    for name, value in sorted(filters.items()):
        arguments += ["--filter", f"{name}={value}"]
    return report.build_in_queue(ctx.t, arguments, "brief.failed", "briefing pack")


def briefing_pack(ctx: state.Context, filters: dict[str, str]) -> None:
    """The sidebar's briefing-pack button: language and watermark choices, progress while it runs, then a download
    that does not reset the page and belongs to exactly the choices it was made with. Committee sessions only (the
    pack holds committee data); app.py draws it for them alone.

    The pack is made by `python -m wego_brief` in a process of its own: the dashboard never imports the PDF package
    (each draws the same section blocks), and the PDF's browser and memory stay out of the server process."""
    from wego_view import i18n, params

    # Only the filters (the URL also carries page settings such as the What-changed snapshots).
    filters = {k: v for k, v in filters.items() if k in params.FILTERS}
    t = ctx.t
    with st.sidebar.expander(t("brief.button"), icon=":material/picture_as_pdf:"):
        lang = st.radio(
            t("sidebar.language"),
            i18n.LANGUAGES,
            index=i18n.LANGUAGES.index(ctx.lang),
            format_func=i18n.LANGUAGE_NAMES.get,
            horizontal=True,
            key="brief_lang",
        )
        watermark = st.text_input(t("brief.watermark"), key="brief_watermark", max_chars=60)
        choice = (ctx.snapshot_id, lang, ctx.unit, watermark, tuple(sorted(filters.items())))
        if st.button(t("brief.button"), icon=":material/description:", key="brief_make"):
            pdf = _build_pack(ctx, lang, watermark, filters)
            if pdf is None:
                return
            st.session_state["brief_pdf"] = (choice, pdf, f"wego-briefing-{ctx.snapshot_id}-{lang}.pdf")
        made = st.session_state.get("brief_pdf")
        if made and made[0] == choice:
            st.download_button(
                t("brief.download"),
                made[1],
                file_name=made[2],
                mime="application/pdf",
                on_click="ignore",
                icon=":material/download:",
                key="brief_download",
            )
