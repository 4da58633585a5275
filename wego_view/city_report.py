"""The city diagnosis report (issue #11): one member city, one framework, one edition, as typed blocks.

The PDF (wego_brief.build_city_report) and the workbook (wego_view.export.workbook_xlsx) draw what `build` returns;
it reads only the named maturity queries through the view context, so the page, the PDF and the XLSX say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wego_view import blocks as b
from wego_view import fmt, maturity_figures
from wego_view.context import ViewContext
from wego_view.i18n import country, pick

# The weakest dimensions named: at most this many, each below the members' average (the rule the report states).
WEAKEST = 2
_PRINT = frozenset({b.PDF})  # the report's charts are for paper; the page draws its own


class ChoiceError(ValueError):
    """A member, framework or edition the snapshot does not have for this reader: one line saying what to choose."""


@dataclass(frozen=True)
class Report:
    title: str  # "City diagnosis report"
    heading: str  # "Seoul: UN E-Government Development Index (EGDI), 2024"
    facts: tuple[tuple[str, str], ...]  # city, country, region, framework, edition, snapshot, as-of, source
    footer: str  # snapshot, as-of, city, framework and edition: on every page
    blocks: tuple
    tables: tuple[b.Table, ...]  # the report's tables in order (the workbook's sheets)
    file_stem: str  # wego-city-report-seoul-egdi-2024-2025-11-01


# ---- numbers -------------------------------------------------------------------------------------------------------


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def scale(fw) -> tuple[float, float]:
    """The framework's scale (low, high); NaN where the framework does not publish it."""
    return (
        float(fw["scale_min"]) if not _missing(fw["scale_min"]) else float("nan"),
        float(fw["scale_max"]) if not _missing(fw["scale_max"]) else float("nan"),
    )


def _chart_scale(fw, values: pd.Series) -> tuple[float, float]:
    """The axis of a chart: the framework's scale, or 0 to the highest score where it publishes none."""
    low, high = scale(fw)
    if pd.isna(low) or pd.isna(high):
        top = values.max()
        return 0.0, float(top) if not _missing(top) and float(top) > 0 else 1.0
    return low, high


def score_text(value, fw, lang: str, signed: bool = False) -> str:
    """A score as the Digital maturity page shows it, on the framework's scale; a difference with its sign."""
    return fmt.score(value, lang, scale(fw), signed=signed)


# ---- choices -------------------------------------------------------------------------------------------------------


def framework_row(ctx: ViewContext, framework: str) -> pd.Series:
    frameworks = ctx.q("maturity_frameworks")
    found = frameworks[frameworks["framework_id"] == framework]
    if found.empty:
        known = ", ".join(frameworks["framework_id"]) or "none"
        raise ChoiceError(f"unknown framework {framework!r} in snapshot {ctx.snapshot_id}; choose one of {known}")
    return found.iloc[0]


def check(ctx: ViewContext, member_id: str, framework: str, edition: int | None) -> int:
    """The edition to report (the framework's latest when None); ChoiceError for a framework, edition or member the
    snapshot does not have for this reader."""
    framework_row(ctx, framework)
    editions = [int(e) for e in ctx.q("maturity_editions", framework=framework)["edition"]]
    if not editions:
        raise ChoiceError(
            f"the framework {framework!r} has no results in snapshot {ctx.snapshot_id} that the {ctx.audience} may "
            "see; choose a framework with results (unpublished results are for the committee only)"
        )
    if edition is None:
        edition = editions[-1]
    if int(edition) not in editions:
        raise ChoiceError(
            f"no edition {edition} of {framework!r} in snapshot {ctx.snapshot_id}; choose one of "
            f"{', '.join(map(str, editions))}"
        )
    rows = ctx.q("maturity_scores", framework=framework, edition=int(edition), member=member_id)
    if rows.empty:
        some = ctx.q("maturity_scores", framework=framework, edition=int(edition), member=None)["member_id"]
        examples = ", ".join(sorted(set(some))[:3])
        raise ChoiceError(
            f"no active member city {member_id!r} in snapshot {ctx.snapshot_id}; use a member id of an active city, "
            f"region or district (for example {examples})"
        )
    return int(edition)


INDENT = "\u2003"  # an em space: kept by HTML (the PDF) and the screen's tables alike, unlike a run of spaces


# ---- the report ----------------------------------------------------------------------------------------------------


def _table(ctx: ViewContext, name: str, title: str, columns: list[b.Column], data: pd.DataFrame, text: pd.DataFrame):
    # The dimension's (or framework's) name takes the room its words need; the figures share the rest.
    widths = tuple(2.6 if i == 0 and c.kind == "text" else 1.4 for i, c in enumerate(columns))
    return b.Table(
        widths=widths,
        name=f"{name}-{ctx.snapshot_id}",
        title=title,
        columns=tuple(columns),
        data=data.reset_index(drop=True),
        text=text.reset_index(drop=True),
        on=b.SCREEN_AND_PDF,
    )


def _dimension_names(dimensions: pd.DataFrame, lang: str) -> dict:
    return {row["dimension_id"]: pick(row, "name", lang) for row in dimensions.to_dict("records")}


def _average(averages: pd.DataFrame, region, dimension_id):
    """The average of one dimension (None: overall) over every member (region None) or one region; None if none."""
    rows = averages[
        (averages["region"].isna() if region is None else averages["region"] == region)
        & (averages["dimension_id"].isna() if dimension_id is None else averages["dimension_id"] == dimension_id)
    ]
    if rows.empty or _missing(rows["average"].iloc[0]):
        return None, 0
    return float(rows["average"].iloc[0]), int(rows["members_scored"].iloc[0])


def _score(rows: pd.DataFrame, dimension_id):
    found = rows[rows["dimension_id"].isna() if dimension_id is None else rows["dimension_id"] == dimension_id]
    return None if found.empty else found.iloc[0]


def _value(row) -> float | None:
    return None if row is None or _missing(row["score"]) else float(row["score"])


def build(ctx: ViewContext, member_id: str, framework: str, edition: int | None = None) -> Report:
    """The report of one member city for one framework and edition (the latest when None). ChoiceError (one line)
    for a member, framework or edition the snapshot does not have for this reader."""
    t, lang = ctx.t, ctx.lang
    edition = check(ctx, member_id, framework, edition)
    fw = framework_row(ctx, framework)
    no_data = t("report.no_data")

    def shown(value, signed: bool = False) -> str:
        return no_data if _missing(value) else score_text(value, fw, lang, signed)

    history = ctx.q("maturity_scores", framework=framework, edition=None, member=member_id)
    rows = history[history["edition"] == edition]
    first = rows.iloc[0]
    city = pick(first, "name", lang)
    nation = country(first["country_iso3"], lang) or no_data
    region = first["region"] if not _missing(first["region"]) else None
    region_name = t(f"region.{region}") if region else no_data
    fw_name = pick(fw, "name", lang)
    edition_text = t("report.edition_year", edition=edition)
    higher_is_better = _missing(fw["higher_is_better"]) or bool(fw["higher_is_better"])
    country_level = fw["level"] == "country"

    dimensions = ctx.q("maturity_dimensions", framework=framework)
    names = _dimension_names(dimensions, lang)
    averages = ctx.q("maturity_averages", framework=framework, edition=edition)
    overall = _score(rows, None)
    overall_value = _value(overall)
    members_avg, members_n = _average(averages, None, None)
    region_avg, _ = _average(averages, region, None) if region else (None, 0)
    out: list = []

    # What the numbers are: a country's score, a caveat, no data.
    if country_level:
        out.append(b.Notice(t("report.country_level", framework=fw_name, city=city, country=nation), "info"))
    else:
        out.append(b.Paragraph(t("report.city_level"), "note"))
    caveat = pick(fw, "caveat", lang)
    if not _missing(fw["comparable"]) and not bool(fw["comparable"]) and caveat:
        out.append(b.Notice(t("report.caveat", caveat=caveat), "warning"))
    if overall_value is None:
        out.append(b.Notice(t("report.no_score", city=city, framework=fw_name, edition=edition), "empty"))

    # The previous edition with a score of this city.
    scored_before = history[(history["edition"] < edition) & history["dimension_id"].isna() & history["score"].notna()]
    previous = int(scored_before["edition"].max()) if not scored_before.empty else None
    before = history[history["edition"] == previous] if previous is not None else history.iloc[0:0]

    # Key figures.
    out.append(
        b.Kpis(
            tuple(
                _kpis(
                    ctx,
                    fw,
                    overall,
                    _score(before, None),
                    previous,
                    shown,
                    members_avg,
                    members_n,
                    region_avg,
                    region_name,
                )
            )
        )
    )

    # Scores per dimension against the averages.
    out.append(b.Heading(t("report.scores.heading")))
    order = [None, *dimensions["dimension_id"]]
    sign = 1 if higher_is_better else -1
    records = []
    for dimension_id in order:
        row = _score(rows, dimension_id)
        value = _value(row)
        avg, _ = _average(averages, None, dimension_id)
        reg, _ = _average(averages, region, dimension_id) if region else (None, 0)
        gap = None if value is None or avg is None else value - avg
        band = "" if row is None or _missing(row["band_id"]) else pick(row, "band_name", lang)
        records.append(
            {
                "dimension_id": "" if dimension_id is None else dimension_id,
                "dimension": t("report.overall") if dimension_id is None else names.get(dimension_id, dimension_id),
                "score": value,
                "members": avg,
                "region": reg,
                "gap": gap,
                "band": band,
            }
        )
    scores = pd.DataFrame(records)
    has_bands = not ctx.q("maturity_bands", framework=framework).empty
    columns = [
        b.Column("dimension", t("report.col.dimension")),
        b.Column("score", t("report.col.score"), "score"),
        b.Column("members", t("report.col.members"), "score"),
        b.Column("region", t("report.col.region", region=region_name), "score"),
        b.Column("gap", t("report.col.gap"), "score"),
    ] + ([b.Column("band", t("report.col.band"))] if has_bands else [])
    # A part of an investigation (CeDS's dimensions and domains) stands indented under it; the data keeps the name.
    within = (
        set(dimensions.loc[~dimensions["top_level"].astype(bool), "dimension_id"]) if not dimensions.empty else set()
    )
    text = pd.DataFrame(
        {
            "dimension": [
                INDENT + name if key in within else name
                for key, name in zip(scores["dimension_id"], scores["dimension"])
            ],
            "score": [shown(v) for v in scores["score"]],
            "members": [shown(v) for v in scores["members"]],
            "region": [shown(v) for v in scores["region"]],
            "gap": [shown(v, signed=True) for v in scores["gap"]],
            "band": [v or "–" for v in scores["band"]],
        }
    )
    score_table = _table(
        ctx, f"city-report-scores-{member_id}-{framework}-{edition}", t("report.scores.table"), columns, scores, text
    )
    out.append(score_table)
    tables = [score_table]
    if overall_value is not None or scores["score"].notna().any():
        members_label = t("report.col.members")
        region_label = t("report.col.region", region=region_name)
        profile_rows = pd.concat(
            [
                pd.DataFrame({"dimension": scores["dimension"], "who": city, "score": scores["score"]}),
                pd.DataFrame({"dimension": scores["dimension"], "who": members_label, "score": scores["members"]}),
                pd.DataFrame({"dimension": scores["dimension"], "who": region_label, "score": scores["region"]}),
            ],
            ignore_index=True,
        )
        figure = maturity_figures.profile(
            profile_rows,
            members_label,
            t("report.profile_title", city=city),
            _chart_scale(fw, profile_rows["score"]),
            lang,
            markers=(region_label,),
        )
        alt = t("report.profile_alt", city=city, framework=fw_name, edition=edition, region=region_name)
        out.append(b.Chart(figure, f"city-report-profile-{member_id}", alt, f"report-profile-{member_id}", _PRINT))
    if dimensions.empty:
        out.append(b.Paragraph(t("report.no_dimensions", framework=fw_name), "note"))

    # Weakest dimensions, by the stated rule.
    out.append(b.Heading(t("report.weakest.heading")))
    out.append(b.Paragraph(t("report.weakest.rule", count=WEAKEST), "note"))
    leaves = set(dimensions.loc[dimensions["leaf"].astype(bool), "dimension_id"]) if not dimensions.empty else set()
    graded = scores[scores["dimension_id"].isin(leaves) & scores["score"].notna() & scores["members"].notna()]
    if dimensions.empty:
        out.append(b.Paragraph(t("report.weakest.no_dimensions", framework=fw_name)))
    elif graded.empty:
        out.append(b.Paragraph(t("report.weakest.no_data", city=city)))
    else:
        below = graded.assign(shortfall=-sign * graded["gap"])
        below = below[below["shortfall"] > 0].sort_values(["shortfall", "dimension"], ascending=[False, True])
        named = [
            t(
                "report.weakest.item",
                name=r["dimension"],
                score=shown(r["score"]),
                gap=shown(r["shortfall"]),
                average=shown(r["members"]),
            )
            for r in below.head(WEAKEST).to_dict("records")
        ]
        if named:
            out.append(b.Paragraph(t("report.weakest.named", city=city, names="; ".join(named)), "strong"))
        else:
            out.append(b.Paragraph(t("report.weakest.none_below", city=city)))

    # Change since the previous assessment.
    out.append(b.Heading(t("report.change.heading")))
    if previous is None:
        out.append(b.Paragraph(t("report.change.none", city=city, framework=fw_name)))
    else:
        out.append(b.Paragraph(t("report.change.intro", city=city, previous=previous)))
        change_rows = []
        for dimension_id in order:
            now, then = _value(_score(rows, dimension_id)), _value(_score(before, dimension_id))
            change_rows.append(
                {
                    "dimension": t("report.overall") if dimension_id is None else names.get(dimension_id, dimension_id),
                    "previous": then,
                    "current": now,
                    "change": None if now is None or then is None else now - then,
                }
            )
        change = pd.DataFrame(change_rows)
        change_table = _table(
            ctx,
            f"city-report-change-{member_id}-{framework}-{edition}",
            t("report.change.table"),
            [
                b.Column("dimension", t("report.col.dimension")),
                b.Column("previous", t("report.col.previous", edition=previous), "score"),
                b.Column("current", t("report.col.previous", edition=edition), "score"),
                b.Column("change", t("report.col.change"), "score"),
            ],
            change,
            pd.DataFrame(
                {
                    "dimension": change["dimension"],
                    "previous": [shown(v) for v in change["previous"]],
                    "current": [shown(v) for v in change["current"]],
                    "change": [shown(v, signed=True) for v in change["change"]],
                }
            ),
        )
        out.append(change_table)
        tables.append(change_table)
        if not _missing(fw["comparable"]) and not bool(fw["comparable"]):
            out.append(b.Paragraph(t("report.change.not_comparable"), "note"))

    # Over the editions: overall score, rank and band of each edition.
    out.append(b.Heading(t("report.history.heading")))
    overall_rows = history[history["dimension_id"].isna()].sort_values("edition")
    years = pd.DataFrame(
        {
            "edition": overall_rows["edition"].astype(int).to_numpy(),
            "score": overall_rows["score"].to_numpy(dtype=float),
            "rank": overall_rows["rank"].to_numpy(),
            "band": [
                pick(r, "band_name", lang) if not _missing(r["band_id"]) else ""
                for r in overall_rows.to_dict("records")
            ],
        }
    )
    has_rank = years["rank"].notna().any()
    year_columns = [
        b.Column("edition", t("report.col.edition"), "year"),
        b.Column("score", t("report.col.score"), "score"),
    ]
    if has_rank:
        year_columns.append(b.Column("rank", t("report.col.rank"), "integer"))
    if has_bands:
        year_columns.append(b.Column("band", t("report.col.band")))
    history_table = _table(
        ctx,
        f"city-report-editions-{member_id}-{framework}",
        t("report.history.table"),
        year_columns,
        years,
        pd.DataFrame(
            {
                "edition": [str(e) for e in years["edition"]],
                "score": [shown(v) for v in years["score"]],
                "rank": [fmt.integer(v, lang) if not _missing(v) else "–" for v in years["rank"]],
                "band": [v or "–" for v in years["band"]],
            }
        ),
    )
    out.append(history_table)
    tables.append(history_table)
    scored = history[history["score"].notna()]
    if scored["edition"].nunique() > 1:
        # The overall score and the top-level dimensions (CeDS: its two investigations, not their ten parts): a line
        # each stays readable; the tables above give every dimension.
        top = (
            set(dimensions.loc[dimensions["top_level"].astype(bool), "dimension_id"]) if not dimensions.empty else set()
        )
        lines = history[history["dimension_id"].isna() | history["dimension_id"].isin(top)]
        series = pd.DataFrame(
            {
                "edition": lines["edition"].astype(int),
                "series": [t("report.overall") if _missing(d) else names.get(d, d) for d in lines["dimension_id"]],
                "score": lines["score"].astype(float),
                "order": [0 if _missing(d) else 1 + order.index(d) for d in lines["dimension_id"]],
            }
        ).sort_values(["order", "edition"], kind="stable")
        figure = maturity_figures.history(
            series.drop(columns="order"),
            t("report.history_title", city=city),
            _chart_scale(fw, series["score"]),
            lang,
        )
        alt = t("report.history_alt", city=city, framework=fw_name)
        out.append(b.Chart(figure, f"city-report-history-{member_id}", alt, f"report-history-{member_id}", _PRINT))

    # National context for a city framework: the country's score in every country framework, latest edition.
    if not country_level:
        national = _national(ctx, member_id, nation)
        out.extend(national)
        tables.extend(x for x in national if isinstance(x, b.Table))

    # Source.
    source = pick(fw, "source", lang) or str(fw.get("source") or "")
    if overall is not None and not _missing(overall.get("source")):
        source = str(overall["source"])
    if source:
        out.append(b.Paragraph(t("report.credit", source=source), "note"))
    if overall is not None and not _missing(overall.get("assessed_on")):
        out.append(b.Paragraph(t("report.assessed_on", date=ctx.date(overall["assessed_on"])), "note"))

    heading = t("report.heading", city=city, framework=fw_name, edition=edition)
    label = ctx.label()
    facts = (
        (t("report.city"), city),
        (t("report.country"), nation),
        (t("report.region"), region_name),
        (t("report.framework"), fw_name),
        (t("report.edition"), edition_text),
        (t("report.snapshot"), ctx.snapshot_id + (f" — {label}" if label else "")),
        (t("report.as_of"), ctx.date(ctx.as_of)),
        (t("report.reader"), t(f"report.audience.{'committee' if ctx.audience == 'committee' else 'public'}")),
        (t("report.source"), source or no_data),
    )
    footer = t(
        "report.footer",
        snapshot=ctx.snapshot_id,
        date=ctx.date(ctx.as_of),
        city=city,
        framework=fw_name,
        edition=edition,
    )
    return Report(
        title=t("report.title"),
        heading=heading,
        facts=facts,
        footer=footer,
        blocks=tuple(out),
        tables=tuple(tables),
        file_stem=f"wego-city-report-{member_id}-{framework}-{edition}-{ctx.snapshot_id}",
    )


def _kpis(ctx, fw, overall, before, previous, shown, members_avg, members_n, region_avg, region_name):
    t, lang = ctx.t, ctx.lang
    value = _value(overall)
    help_text = None
    if not _missing(fw["scale_min"]) and not _missing(fw["scale_max"]):
        help_text = t("report.kpi.scale", low=fmt.number(fw["scale_min"], lang), high=fmt.number(fw["scale_max"], lang))
    band = None
    if overall is not None and not _missing(overall["band_id"]):
        band = t("report.kpi.band", band=pick(overall, "band_name", lang))
    delta, delta_sign = None, 0
    then = _value(before)
    if value is not None and then is not None:
        change = value - then
        if change == 0:
            delta = t("report.kpi.no_change", edition=previous)
        else:
            arrow = "▲" if change > 0 else "▼"
            delta = t("report.kpi.change", arrow=arrow, change=shown(abs(change)), edition=previous)
            delta_sign = 1 if change > 0 else -1
    elif value is not None and previous is None:
        delta = t("report.kpi.first")
    items = [b.Kpi(t("report.kpi.score"), shown(value), help=help_text, note=band, delta=delta, delta_sign=delta_sign)]
    rank = None if overall is None or _missing(overall["rank"]) else int(overall["rank"])
    if rank is not None:
        rank_then = None if before is None or _missing(before["rank"]) else int(before["rank"])
        items.append(
            b.Kpi(
                t("report.kpi.rank"),
                t("report.kpi.rank_value", rank=fmt.integer(rank, lang)),
                help=t("report.kpi.rank_help"),
                delta=None
                if rank_then is None
                else t(
                    "report.kpi.rank_change",
                    rank=t("report.kpi.rank_value", rank=fmt.integer(rank_then, lang)),
                    edition=previous,
                ),
            )
        )
    items.append(
        b.Kpi(
            t("report.kpi.members"),
            shown(members_avg),
            help=t("report.kpi.members_help", count=fmt.integer(members_n, lang)),
        )
    )
    items.append(b.Kpi(t("report.kpi.region", region=region_name), shown(region_avg)))
    return items


def _national(ctx: ViewContext, member_id: str, nation: str) -> list:
    """The member's country in every country-level framework with results: its latest edition's score, rank, band."""
    t, lang = ctx.t, ctx.lang
    frameworks = ctx.q("maturity_frameworks")
    wanted = frameworks[(frameworks["level"] == "country") & (frameworks["editions"].fillna(0) > 0)]
    records = []
    for fw in wanted.to_dict("records"):
        latest = int(fw["latest_edition"])
        rows = ctx.q("maturity_scores", framework=fw["framework_id"], edition=latest, member=member_id)
        overall = _score(rows, None)
        records.append(
            {
                "framework": pick(fw, "name", lang),
                "edition": latest,
                "score": _value(overall),
                "rank": None if overall is None or _missing(overall["rank"]) else int(overall["rank"]),
                "band": "" if overall is None or _missing(overall["band_id"]) else pick(overall, "band_name", lang),
                "fw": fw,
            }
        )
    out: list = [b.Heading(t("report.national.heading"))]
    if not records or all(r["score"] is None for r in records):
        out.append(b.Paragraph(t("report.national.none", country=nation)))
        return out
    out.append(b.Paragraph(t("report.national.intro", country=nation), "note"))
    data = pd.DataFrame(records)
    no_data = t("report.no_data")
    text = pd.DataFrame(
        {
            "framework": data["framework"],
            "edition": [str(e) for e in data["edition"]],
            "score": [no_data if r["score"] is None else score_text(r["score"], r["fw"], lang) for r in records],
            "rank": [fmt.integer(r["rank"], lang) if r["rank"] is not None else "–" for r in records],
            "band": [r["band"] or "–" for r in records],
        }
    )
    out.append(
        _table(
            ctx,
            f"city-report-national-{member_id}",
            t("report.national.table"),
            [
                b.Column("framework", t("report.col.framework"), wide=True),
                b.Column("edition", t("report.col.edition"), "year"),
                b.Column("score", t("report.col.score"), "score"),
                b.Column("rank", t("report.col.rank"), "integer"),
                b.Column("band", t("report.col.band")),
            ],
            data.drop(columns="fw"),
            text,
        )
    )
    return out


def workbook(ctx: ViewContext, report: Report) -> bytes:
    """The report as XLSX: an About sheet (city, country, region, framework, edition, snapshot, as-of, source), then
    one sheet per table, numbers as numbers."""
    from wego_view import export

    return export.workbook_xlsx(report.tables, ctx.unit, [*report.facts], ctx.t("report.about"))
