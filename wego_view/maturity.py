"""The Digital maturity section (issue #11): members' e-government maturity by framework and edition, on a map, by
continent, one city over the years and up to five cities side by side; with label helpers the city report reuses."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from wego_view import fmt, maps, params, theme
from wego_view import maturity_figures as mfig
from wego_view.blocks import (
    EVERYWHERE,
    SCREEN_AND_PDF,
    SCREEN_ONLY,
    SLIDES,
    Chart,
    Column,
    Filter,
    Heading,
    Kpi,
    Kpis,
    Map,
    Notice,
    Paragraph,
    Row,
)
from wego_view.context import ViewContext
from wego_view.i18n import country, localized, pick

# ---- labels (the city report imports these) -----------------------------------------------------------------------


def framework_label(row, lang: str) -> str:
    """A framework's name in the language: 'UN E-Government Development Index (EGDI)'."""
    return pick(dict(row), "name", lang)


def framework_short(row, lang: str) -> str:
    """A framework's short name: its closing parenthesis ('EGDI', 'CeDS'), else its whole name."""
    name = framework_label(row, lang)
    found = re.search(r"\(([^()]+)\)\s*$", name)
    return found[1] if found else name


def dimension_label(row, lang: str) -> str:
    """A dimension's name in the language; None/NaN dimension_id is the overall score (use overall_label)."""
    return pick(dict(row), "name", lang)


def overall_label(t) -> str:
    return t("maturity.overall")


def band_label(row, lang: str, t) -> str:
    """A score's band name in the language (band_name_en/band_name_ko of a scores row, or name_* of a band), "no
    data" where the score has none."""
    data = dict(row)
    if "band_name_en" in data:
        data = {"name_en": data.get("band_name_en"), "name_ko": data.get("band_name_ko")}
    name = pick(data, "name", lang)
    return name if isinstance(name, str) and name else t("maturity.no_data")


def band_colours(bands: pd.DataFrame) -> dict[str, str]:
    """band_id -> colour, lowest band first in the palette's order (theme.BAND_COLORS)."""
    ordered = bands.sort_values("seq")["band_id"] if len(bands) else []
    return {b: theme.BAND_COLORS[i % len(theme.BAND_COLORS)] for i, b in enumerate(ordered)}


def scale_of(framework) -> tuple[float, float]:
    """The framework's scale (configuration with the framework, never assumed); (0, 1) where it states none."""
    low, high = framework.get("scale_min"), framework.get("scale_max")
    return (
        float(low) if pd.notna(low) else 0.0,
        float(high) if pd.notna(high) else 1.0,
    )


def member_label(row, lang: str) -> str:
    return pick(dict(row), "name", lang)


# ---- what the reader chose ----------------------------------------------------------------------------------------


def _frameworks(ctx: ViewContext) -> pd.DataFrame:
    return ctx.q("maturity_frameworks")


def _with_results(frameworks: pd.DataFrame) -> pd.DataFrame:
    return frameworks[frameworks["editions"].fillna(0).astype(int) > 0]


def chosen_framework(ctx: ViewContext) -> dict | None:
    """The framework in view: the URL's where it has results for this reader, else the first that has."""
    shown = _with_results(_frameworks(ctx))
    if shown.empty:
        return None
    wanted = ctx.filters.get("fw")
    match = shown[shown["framework_id"] == wanted]
    return (match if len(match) else shown).iloc[0].to_dict()


def _editions(ctx: ViewContext, framework_id: str) -> list[int]:
    editions = ctx.q("maturity_editions", framework=framework_id)
    return [int(e) for e, n in zip(editions["edition"], editions["members_scored"]) if n > 0]


def chosen_edition(ctx: ViewContext, framework_id: str) -> int | None:
    editions = _editions(ctx, framework_id)
    wanted = ctx.filters.get("edition")
    return wanted if wanted in editions else (editions[-1] if editions else None)


def _scored_members(ctx: ViewContext, framework_id: str) -> pd.DataFrame:
    """Members with an overall score in any edition, one row each, ordered by their name in the language."""
    members = ctx.q("maturity_scored_members", framework=framework_id)
    members = members.assign(label=list(localized(members, "name", ctx.lang)))
    return members.sort_values("label", key=lambda s: s.str.casefold()).reset_index(drop=True)


def _secretariat_host(ctx: ViewContext) -> str | None:
    offices = ctx.q("offices")
    host = offices[offices["kind"] == "secretariat"]["host_member_id"] if len(offices) else []
    return host.iloc[0] if len(host) else None


def chosen_city(ctx: ViewContext, members: pd.DataFrame) -> str | None:
    """The URL's city where it is scored; else the secretariat's host where scored; else the first by name."""
    ids = list(members["member_id"])
    if not ids:
        return None
    for wanted in (ctx.filters.get("city"), _secretariat_host(ctx)):
        if wanted in ids:
            return wanted
    return ids[0]


def chosen_cities(ctx: ViewContext, members: pd.DataFrame, city: str | None) -> tuple[str, ...]:
    ids = set(members["member_id"])
    wanted = tuple(c for c in (ctx.filters.get("cities") or ()) if c in ids)[: params.MAX_CITIES]
    return wanted or ((city,) if city else ())


def city_in_view(ctx: ViewContext) -> tuple[str, str, int] | None:
    """(member_id, framework_id, edition) of the one city the section shows, or None where it shows none."""
    framework = chosen_framework(ctx)
    if framework is None:
        return None
    fw_id = framework["framework_id"]
    city = chosen_city(ctx, _scored_members(ctx, fw_id))
    edition = chosen_edition(ctx, fw_id)
    return None if city is None or edition is None else (city, fw_id, edition)


def allowed_values(ctx: ViewContext) -> dict[str, tuple]:
    """The values the snapshot allows for fw, edition, city and cities (for a briefing pack's filters)."""
    frameworks = _with_results(_frameworks(ctx))
    framework = chosen_framework(ctx)
    if framework is None:
        return {"fw": tuple(frameworks["framework_id"]), "edition": (), "city": (), "cities": ()}
    ids = tuple(_scored_members(ctx, framework["framework_id"])["member_id"])
    return {
        "fw": tuple(frameworks["framework_id"]),
        "edition": tuple(_editions(ctx, framework["framework_id"])),
        "city": ids,
        "cities": ids,
    }


def controls(ctx: ViewContext) -> list[Filter]:
    t = ctx.t
    framework = chosen_framework(ctx)
    if framework is None:
        return []
    frameworks = _with_results(_frameworks(ctx))
    fw_id = framework["framework_id"]
    out = [
        Filter(
            "fw",
            t("maturity.filter.framework"),
            tuple(frameworks["framework_id"]),
            tuple(framework_short(r, ctx.lang) for r in frameworks.to_dict("records")),
            frameworks["framework_id"].iloc[0],
        )
    ]
    editions = _editions(ctx, fw_id)[::-1]  # newest first, the default
    out.append(Filter("edition", t("maturity.filter.edition"), tuple(editions), tuple(map(str, editions)), editions[0]))
    members = _scored_members(ctx, fw_id)
    city = chosen_city(ctx, members)
    ids, labels = tuple(members["member_id"]), tuple(members["label"])
    out.append(Filter("city", t("maturity.filter.city"), ids, labels, city))
    out.append(
        Filter(
            "cities", t("maturity.filter.cities_most", count=fmt.integer(params.MAX_CITIES, ctx.lang)), ids, labels, ()
        )
    )
    return out


# ---- the section --------------------------------------------------------------------------------------------------


def _empty_states(ctx: ViewContext, frameworks: pd.DataFrame) -> list:
    """A sentence for each framework this reader has no result of: for the public where the framework's results are
    the committee's, that they are; else that none are loaded, and how the secretariat loads them."""
    t = ctx.t
    out = []
    for row in frameworks.to_dict("records"):
        if int(row["editions"] or 0) > 0:
            continue
        short = framework_short(row, ctx.lang)
        if ctx.audience != "committee" and not bool(row["published"]):
            text = t("committee.only", what=t("maturity.results_of", name=short))
        elif row["level"] == "city":
            text = t("maturity.none_loaded_city", name=short, doc="docs/ceds-template.md")
        else:
            text = t("maturity.none_loaded", name=short)
        out.append(Notice(text, "empty", on=SCREEN_AND_PDF))
    return out


def build(ctx: ViewContext) -> list:
    t, lang = ctx.t, ctx.lang
    blocks: list = [Paragraph(t("maturity.caption"), "note", on=SCREEN_AND_PDF)]
    frameworks = _frameworks(ctx)
    if frameworks.empty:
        return blocks + [Notice(t("maturity.no_frameworks"), "empty")]
    framework = chosen_framework(ctx)
    blocks += _empty_states(ctx, frameworks)
    if framework is None:
        return blocks + [Notice(t("maturity.no_results"), "empty")]
    fw_id = framework["framework_id"]
    edition = chosen_edition(ctx, fw_id)
    name = framework_label(framework, lang)
    # Not on the slide: its chart and map name the framework and edition, and the stage needs the line's room.
    blocks.append(Paragraph(t("maturity.framework_edition", name=name, edition=edition), "strong", on=SCREEN_AND_PDF))
    if not bool(framework["comparable"]):
        caveat = pick({"c_en": framework["caveat_en"], "c_ko": framework["caveat_ko"]}, "c", lang)
        if caveat:
            blocks.append(Notice(caveat, "warning"))
    scores = ctx.q("maturity_scores", framework=fw_id, edition=edition)
    overall = scores[scores["dimension_id"].isna()].reset_index(drop=True)
    # The edition's own credit (the scores' source: "UN DESA, United Nations E-Government Survey ..."), then the
    # framework's method.
    credits = list(dict.fromkeys(s for s in overall["source"] if isinstance(s, str) and s.strip()))
    if credits:
        blocks.insert(
            -1 if len(blocks) and isinstance(blocks[-1], Notice) else len(blocks),
            Paragraph(t("maturity.source", source="; ".join(credits)), "note", on=SCREEN_AND_PDF),
        )
    if isinstance(framework.get("source"), str):
        blocks.append(Paragraph(t("maturity.method", source=framework["source"]), "note", on=SCREEN_AND_PDF))
    bands = ctx.q("maturity_bands", framework=fw_id)
    colours = band_colours(bands)
    blocks.append(_kpis(ctx, framework, edition, overall, bands))
    blocks += _map_and_counts(ctx, framework, edition, overall, bands, colours)
    blocks += _by_continent(ctx, framework, edition, overall, bands)
    members = _scored_members(ctx, fw_id)
    city = chosen_city(ctx, members)
    blocks += one_city(ctx, framework, city)
    blocks += _compare(ctx, framework, edition, members, chosen_cities(ctx, members, city))
    blocks += _member_table(ctx)
    return blocks


def _kpis(ctx: ViewContext, framework: dict, edition: int, overall: pd.DataFrame, bands: pd.DataFrame) -> Kpis:
    t, lang = ctx.t, ctx.lang
    scored = overall[overall["score"].notna()]
    missing = len(overall) - len(scored)
    averages = ctx.q("maturity_averages", framework=framework["framework_id"], edition=edition)
    mean = averages[averages["region"].isna() & averages["dimension_id"].isna()]["average"]
    per_country = framework["level"] == "country"
    items = [
        Kpi(
            t("maturity.kpi.scored"),
            fmt.integer(len(scored), lang),
            t("maturity.kpi.scored_help", total=fmt.integer(len(overall), lang)),
        ),
        Kpi(t("maturity.kpi.no_data"), fmt.integer(missing, lang), t("maturity.kpi.no_data_help")),
        Kpi(
            t("maturity.kpi.average"),
            fmt.score(mean.iloc[0] if len(mean) else None, lang, scale_of(framework)),
            t("maturity.kpi.average_country_help" if per_country else "maturity.kpi.average_help"),
        ),
    ]
    if len(bands):
        top = bands.sort_values("seq").iloc[-1]
        items.append(
            Kpi(
                t("maturity.kpi.top_band", band=band_label(top, lang, t)),
                fmt.integer(int((overall["band_id"] == top["band_id"]).sum()), lang),
                t("maturity.kpi.top_band_help", rule=_band_rule(ctx, bands, framework)),
            )
        )
    return Kpis(tuple(items))


def _band_rule(ctx: ViewContext, bands: pd.DataFrame, framework: dict) -> str:
    """'Low below 0.25; Middle 0.25 to below 0.5; ...' in the language, by the framework's boundary rule."""
    t, lang = ctx.t, ctx.lang
    rule = (bands["band_rule"].dropna().iloc[0] if bands["band_rule"].notna().any() else None) or framework.get(
        "band_rule"
    )
    inclusive = rule == "lower_inclusive"
    parts = []
    ordered = bands.sort_values("seq").to_dict("records")
    for row in ordered:
        # A boundary as the framework states it (0.25), not padded to a score's decimals (0.2500).
        lower, upper = fmt.number(row["lower"], lang), fmt.number(row["upper"], lang)
        key = "lower_inclusive" if inclusive else "upper_inclusive"
        if row is ordered[-1]:  # the top band runs to the scale's top, included
            key += "_top"
        parts.append(t(f"maturity.band_rule.{key}", band=band_label(row, lang, t), lower=lower, upper=upper))
    return "; ".join(parts)


def _map_and_counts(ctx, framework, edition, overall, bands, colours) -> list:
    t, lang = ctx.t, ctx.lang
    short = framework_short(framework, lang)
    scored = int(overall["score"].notna().sum())
    legend = [(band_label(r, lang, t), colours[r["band_id"]]) for r in bands.sort_values("seq").to_dict("records")]
    legend.append((t("maturity.no_data"), theme.NO_DATA))
    note = t("maturity.legend_rule", rule=_band_rule(ctx, bands, framework)) if len(bands) else t("maturity.no_bands")
    map_title = t("maturity.map_title", name=short, edition=edition)
    the_map = Map(
        maps.maturity_map(overall, colours, lang, t, scale_of(framework)),
        t("maturity.map_alt", name=short, edition=edition, count=fmt.integer(scored, lang)),
        tuple(legend),
        note,
    )
    left: tuple = (Heading(map_title, 3, on=SCREEN_ONLY), the_map)
    counts = ctx.q("maturity_band_counts", framework=framework["framework_id"], edition=edition)
    if not len(bands):
        return [*left]
    chart = Chart(
        mfig.band_counts(
            counts,
            [(b, band_label(r, lang, t), colours[b]) for b, r in zip(bands["band_id"], bands.to_dict("records"))],
            _regions(ctx, counts),
            t("maturity.no_data"),
            t("maturity.bands_title", name=short, edition=edition),
            t("axis.members"),
            lang,
        ),
        f"wego-maturity-bands-{framework['framework_id']}-{edition}-{ctx.snapshot_id}",
        t("maturity.bands_alt", name=short, edition=edition),
        "maturity-bands",
    )
    # Side by side on a slide (one screen); one after the other on a page, where a tablet's half column left the
    # chart's title under Plotly's tool bar.
    stacked = [
        Heading(map_title, 3, on=SCREEN_ONLY),
        dataclasses.replace(the_map, on=SCREEN_ONLY),
        dataclasses.replace(chart, on=SCREEN_AND_PDF),
    ]
    return [*stacked, Row((left, (chart,)), (3, 2), on=frozenset({SLIDES}))]


def _regions(ctx: ViewContext, frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The regions a result names, in WeGO's order (the query's), each with its name in the language."""
    order = list(dict.fromkeys(r for r in frame["region"] if isinstance(r, str)))
    return [(r, ctx.t(f"region.{r}")) for r in order]


def _by_continent(ctx, framework, edition, overall, bands) -> list:
    t, lang = ctx.t, ctx.lang
    fw_id = framework["framework_id"]
    blocks: list = [Heading(t("maturity.by_region"), on=SCREEN_AND_PDF)]
    counts = ctx.q("maturity_band_counts", framework=fw_id, edition=edition)
    regions = _regions(ctx, counts)
    if len(bands):
        ordered = bands.sort_values("seq")
        data = {"region": [label for _, label in regions]}
        columns = [Column("region", t("col.region"))]
        for row in ordered.to_dict("records"):
            part = counts[counts["band_id"] == row["band_id"]].set_index("region")["members"]
            data[row["band_id"]] = [int(part.get(r, 0)) for r, _ in regions]
            columns.append(Column(row["band_id"], band_label(row, lang, t), "integer"))
        missing = counts[counts["band_id"].isna()].set_index("region")["members"]
        data["no_data"] = [int(missing.get(r, 0)) for r, _ in regions]
        columns.append(Column("no_data", t("maturity.no_data"), "integer"))
        # the members of the region, bands and no data together (the parts add up to it)
        total = counts.groupby("region")["members"].sum()
        data["members"] = [int(total.get(r, 0)) for r, _ in regions]
        columns.append(Column("members", t("axis.members"), "integer"))
        from wego_view.sections import _table  # the shared table maker (its narrow copy for a phone)

        blocks.append(
            _table(
                ctx,
                f"wego-maturity-bands-{fw_id}-{edition}",
                t("maturity.bands_table", edition=edition),
                columns,
                pd.DataFrame(data),
                on=SCREEN_AND_PDF,
            )
        )
    # Members with no data, named per region.
    missing = overall[overall["score"].isna()]
    if len(missing):
        names = []
        for region, label in _regions(ctx, missing):
            who = localized(missing[missing["region"] == region], "name", lang)
            names.append(f"{label}: {', '.join(who)}")
        blocks.append(
            Paragraph(
                t("maturity.no_data_named", count=fmt.integer(len(missing), lang), names="; ".join(names)),
                on=SCREEN_AND_PDF,
            )
        )
    else:
        blocks.append(Paragraph(t("maturity.no_data_none"), on=SCREEN_AND_PDF))
    # The spread in the chosen edition, not across editions: a relative index's values (the EGDI's) are not comparable
    # between editions, so a line of medians over the years would invite the reading its source warns against.
    dist = ctx.q("maturity_distribution", framework=fw_id)
    dist = dist[dist["edition"] == edition]
    if len(dist):
        blocks.append(
            Chart(
                mfig.spread(
                    dist,
                    _regions(ctx, dist),
                    t("maturity.spread_title", name=framework_short(framework, lang), edition=edition),
                    scale_of(framework),
                    lang,
                    {"median": t("maturity.median"), "members": t("maturity.members_short")},
                ),
                f"wego-maturity-spread-{fw_id}-{edition}-{ctx.snapshot_id}",
                t("maturity.spread_alt", edition=edition),
                "maturity-spread",
                on=SCREEN_AND_PDF,
            )
        )
        blocks.append(Paragraph(t("maturity.spread_note"), "note", on=SCREEN_AND_PDF))
    return blocks


def _dimension_names(ctx: ViewContext, framework_id: str, which: str = "top_level") -> dict:
    """None -> overall, then dimension_id -> label of the framework's top-level dimensions (which="top_level": the
    lines over the years stay few) or of its leaves (which="leaf": the rows a city is compared on)."""
    dims = ctx.q("maturity_dimensions", framework=framework_id)
    names = {None: overall_label(ctx.t)}
    if len(dims):
        chosen = dims[dims[which].fillna(False).astype(bool)]
        parents = {p: i for i, p in enumerate(dims[dims["top_level"].fillna(False).astype(bool)]["dimension_id"])}
        chosen = chosen.assign(
            parent_order=[
                parents.get(p, parents.get(d, 0)) for p, d in zip(chosen["parent_id"], chosen["dimension_id"])
            ]
        )
        for row in chosen.sort_values(["parent_order", "seq"]).to_dict("records"):
            names[row["dimension_id"]] = dimension_label(row, ctx.lang)
    return names


def _dimension_key(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def one_city(ctx: ViewContext, framework: dict, city: str | None) -> list:
    """One member over the editions: overall and per dimension, a table of edition, score, rank and band beside."""
    t, lang = ctx.t, ctx.lang
    if city is None:
        return []
    fw_id, scale = framework["framework_id"], scale_of(framework)
    history = ctx.q("maturity_scores", framework=fw_id, member=city)
    who = member_label(history.iloc[0], lang) if len(history) else city
    blocks: list = [Heading(t("maturity.city_title", city=who), on=SCREEN_AND_PDF)]
    if framework["level"] == "country" and len(history):
        blocks.append(
            Paragraph(
                t("maturity.city_country", city=who, country=country(history.iloc[0]["country_iso3"], lang)),
                "note",
                on=SCREEN_AND_PDF,
            )
        )
    names = _dimension_names(ctx, fw_id)
    rows = history.assign(key=[_dimension_key(d) for d in history["dimension_id"]])
    order = {k: i for i, k in enumerate(names)}
    rows = rows.assign(order=[order.get(_dimension_key(k), -1) for k in rows["key"]])
    rows = rows[rows["order"] >= 0].sort_values(["order", "edition"])
    lines = pd.DataFrame(
        {
            "edition": rows["edition"].astype(int),
            "series": [names.get(_dimension_key(k), str(k)) for k in rows["key"]],
            "score": rows["score"].astype(float),
        }
    )
    short = framework_short(framework, lang)
    chart = Chart(
        mfig.history(lines, t("maturity.history_title", name=short, city=who), scale, lang),
        f"wego-maturity-history-{fw_id}-{city}-{ctx.snapshot_id}",
        t("maturity.history_alt", name=short, city=who),
        "maturity-history",
        on=SCREEN_AND_PDF,
    )
    top = history[history["dimension_id"].isna()].sort_values("edition", ascending=False)
    data = pd.DataFrame(
        {
            "edition": top["edition"].astype(int).array,
            "score": top["score"].astype(float).array,
            "rank": top["rank"].astype("Int64"),
            "band": [
                band_label(r, lang, t) if pd.notna(r["score"]) else t("maturity.no_data")
                for r in top.to_dict("records")
            ],
        }
    )
    columns = [Column("edition", t("maturity.col.edition"), "year"), Column("score", t("maturity.col.score"), "score")]
    if top["rank"].notna().any():
        columns.append(Column("rank", t("maturity.col.rank"), "integer"))
    if top["band_id"].notna().any():
        columns.append(Column("band", t("maturity.col.band")))
    table = _scores_table(
        ctx,
        f"wego-maturity-{fw_id}-{city}",
        t("maturity.city_table", city=who),
        columns,
        data[[c.key for c in columns]],
        {"score": scale},
    )
    blocks.append(Row(((chart,), (table,)), (3, 2), on=SCREEN_AND_PDF))
    if not bool(framework["comparable"]):
        blocks.append(Paragraph(t("maturity.city_caveat"), "note", on=SCREEN_AND_PDF))
    return blocks


COMPARE_MARK = "maturity-compare"  # the compare part's heading; the page puts the city's report buttons before it


def _compare(ctx: ViewContext, framework: dict, edition: int, members: pd.DataFrame, cities: tuple) -> list:
    t, lang = ctx.t, ctx.lang
    if not cities:
        return []
    fw_id, scale = framework["framework_id"], scale_of(framework)
    blocks: list = [Heading(t("maturity.compare_title", edition=edition), on=SCREEN_AND_PDF)]
    scores = ctx.q("maturity_scores", framework=fw_id, edition=edition)
    names = _dimension_names(ctx, fw_id, "leaf")
    has_dimensions = len(names) > 1
    keys = list(names)  # the overall first, then each dimension (the overall alone where there is none)
    picked = scores[scores["member_id"].isin(cities)]
    by_id = {m: member_label(r, lang) for m, r in zip(members["member_id"], members.to_dict("records"))}
    averages = ctx.q("maturity_averages", framework=fw_id, edition=edition)
    regions = set(members[members["member_id"].isin(cities)]["region"])
    everyone = t("maturity.average_all")
    rows = []
    for city in cities:
        mine = picked[picked["member_id"] == city]
        for key in keys:
            found = mine[[_dimension_key(d) == key for d in mine["dimension_id"]]]["score"]
            rows.append((names[key], by_id.get(city, city), float(found.iloc[0]) if len(found) else float("nan")))
    groups = [(None, everyone)]
    if len(regions) == 1:
        (region,) = regions
        groups.append((region, t("maturity.average_region", region=t(f"region.{region}"))))
    for region, label in groups:
        part = averages[averages["region"].isna()] if region is None else averages[averages["region"] == region]
        for key in keys:
            found = part[[_dimension_key(d) == key for d in part["dimension_id"]]]["average"]
            rows.append((names[key], label, float(found.iloc[0]) if len(found) else float("nan")))
    frame = pd.DataFrame(rows, columns=["dimension", "who", "score"])
    short = framework_short(framework, lang)
    blocks.append(
        Chart(
            mfig.profile(
                frame,
                everyone,
                t("maturity.compare_chart", name=short, edition=edition),
                scale,
                lang,
                markers=tuple(label for _, label in groups[1:]),
            ),
            f"wego-maturity-compare-{fw_id}-{edition}-{ctx.snapshot_id}",
            t("maturity.compare_alt", name=short, edition=edition, count=fmt.integer(len(cities), lang)),
            COMPARE_MARK,
            on=SCREEN_AND_PDF,
        )
    )
    if not has_dimensions:
        blocks.append(Paragraph(t("maturity.overall_only", name=short), "note", on=SCREEN_AND_PDF))
    return blocks


def compare_index(blocks: list) -> int:
    """Where the compare part starts in a built section (its heading before the profile chart); len(blocks) where
    there is none: the page puts the one city's report buttons there."""
    for index, block in enumerate(blocks):
        if isinstance(block, Chart) and block.key == COMPARE_MARK:
            return max(index - 1, 0)
    return len(blocks)


def _member_table(ctx: ViewContext) -> list:
    """Each member's latest score in every framework with results for this reader: its country's where the framework
    rates countries (the EGDI), its own where it rates cities (CeDS, once loaded and visible)."""
    t, lang = ctx.t, ctx.lang
    frameworks = _with_results(_frameworks(ctx))
    if frameworks.empty:
        return []
    table: pd.DataFrame | None = None
    columns = [Column("name", t("col.name")), Column("country", t("col.country"))]
    scales: dict[str, tuple[float, float]] = {}
    for framework in frameworks.to_dict("records"):
        fw_id, scale = framework["framework_id"], scale_of(framework)
        edition = int(framework["latest_edition"])
        scores = ctx.q("maturity_scores", framework=fw_id, edition=edition)
        overall = scores[scores["dimension_id"].isna()].set_index("member_id")
        if table is None:
            table = pd.DataFrame(
                {
                    "member_id": overall.index,
                    "name": list(localized(overall, "name", lang)),
                    "country": [country(c, lang) for c in overall["country_iso3"]],
                }
            )
        ids = list(table["member_id"])
        rows = overall.reindex(ids)
        short = framework_short(framework, lang)
        whose = t("maturity.col.country_of" if framework["level"] == "country" else "maturity.col.own")
        # The first framework's score is the table's "score": a phone shows it beside the name (render.KEY_COLUMNS).
        key = "score" if "score" not in scales else f"{fw_id}_score"
        scales[key] = scale
        table[key] = rows["score"].astype(float).array
        label = t("maturity.col.fw_score", name=short, edition=edition, whose=whose)
        columns.append(Column(key, label, "score"))
        if rows["rank"].notna().any():
            table[f"{fw_id}_rank"] = rows["rank"].astype("Int64").array
            columns.append(Column(f"{fw_id}_rank", t("maturity.col.fw_rank", name=short), "integer"))
        if rows["band_id"].notna().any():
            # One label per band, not per member (thousands of members share a handful of bands).
            bands = rows.dropna(subset=["band_id"]).drop_duplicates("band_id")
            labels = {r["band_id"]: band_label(r, lang, t) for r in bands.to_dict("records")}
            table[f"{fw_id}_band"] = [labels.get(b, t("maturity.no_data")) for b in rows["band_id"]]
            columns.append(Column(f"{fw_id}_band", t("maturity.col.fw_band", name=short)))

    table = table.sort_values("name", key=lambda s: s.str.casefold()).reset_index(drop=True)
    return [
        Heading(t("maturity.members_title"), on=SCREEN_AND_PDF),
        _scores_table(
            ctx, "wego-maturity-members", t("maturity.members_title"), columns, table[[c.key for c in columns]], scales
        ),
    ]


def _scores_table(ctx: ViewContext, name: str, title: str, columns: list, data: pd.DataFrame, scales: dict):
    """A table whose score columns hold the numbers (downloads keep them as numbers) and show them with the decimals
    of their framework's scale, "–" for no data."""
    from wego_view.sections import _table

    table = _table(ctx, name, title, columns, data, on=SCREEN_AND_PDF)
    for key, scale in scales.items():
        table.text[key] = [fmt.score(v, ctx.lang, scale) for v in table.data[key]]
    return table


__all__ = [
    "EVERYWHERE",
    "allowed_values",
    "band_colours",
    "band_label",
    "build",
    "compare_index",
    "controls",
    "dimension_label",
    "framework_label",
    "framework_short",
    "one_city",
    "overall_label",
]
