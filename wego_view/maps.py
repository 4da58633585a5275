"""Map builders: data in, pydeck.Deck out, on an offline basemap (Natural Earth outlines as a GeoJsonLayer).

`map_provider=None` keeps pydeck's "no basemap" marker in the JSON; Streamlit then draws no tile map at all.
(With `map_style=None` alone, Streamlit 1.67 substitutes a CARTO basemap fetched from the internet.)
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

import pandas as pd
import pydeck as pdk

from wego_data import reference
from wego_view import fmt, theme
from wego_view.blocks import WORD_JOINER
from wego_view.i18n import country, localized, pick, place

Translator = Callable[..., str]
# pydeck turns a plain string into an accessor expression ("@@=pixels", an undefined name); quoted, it stays a
# literal string, so the sizes below really are in screen pixels.
PIXELS = "'pixels'"
# The screen the initial view is fitted to: a desktop content column or a phone, and the map's height.
FIT_WIDTH = {False: 900, True: 300}
MAP_HEIGHT = 440
MERCATOR_WORLD_PX = 512  # the whole world's width at zoom 0


def _mercator_y(lat: float) -> float:
    lat = max(-80.0, min(80.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi) * MERCATOR_WORLD_PX


def _extent_px(lons, lats) -> tuple[float, float]:
    """The points' width and height at zoom 0 in screen pixels, with the margin a map leaves around them."""
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    width_px = max(east - west, 30) / 360 * MERCATOR_WORLD_PX * 1.2
    height_px = max(_mercator_y(north) - _mercator_y(south), 20) * 1.3
    return width_px, height_px


def fit_view(
    lons, lats, compact: bool = False, width: float | None = None, height: float = MAP_HEIGHT
) -> pdk.ViewState:
    """A view centred on the points and zoomed so that all of them fit a map `width` x `height` px (by default a
    desktop content column, or a phone's when compact), with a margin."""
    lons, lats = [float(x) for x in lons], [float(y) for y in lats]
    if not lons:
        return pdk.ViewState(latitude=25, longitude=20, zoom=0.5)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    width_px, height_px = _extent_px(lons, lats)
    zoom = min(math.log2((width or FIT_WIDTH[compact]) / width_px), math.log2(height / height_px))
    middle_y = (_mercator_y(north) + _mercator_y(south)) / 2 * 2 * math.pi / MERCATOR_WORLD_PX
    latitude = math.degrees(2 * math.atan(math.exp(middle_y)) - math.pi / 2)
    return pdk.ViewState(
        latitude=round(latitude, 3),
        longitude=round((west + east) / 2, 3),
        zoom=round(max(0.0, min(5.0, zoom)), 2),
        min_zoom=0,
        max_zoom=9,
    )


# The narrowest map a desktop-class screen shows: a 1024 px tablet's content column beside the sidebar (issue #10).
TABLET_WIDTH = 660
PHONE_MIN_HEIGHT = 240


def _positions(deck: pdk.Deck) -> tuple[list[float], list[float]]:
    """Every point the deck's own layers place (not the basemap): a point's lon/lat or pos, an arc's two ends."""
    lons, lats = [], []
    for layer in deck.layers:
        if getattr(layer, "id", None) == "basemap" or not isinstance(layer.data, list):
            continue
        for item in layer.data:
            for where in (item.get("pos"), item.get("from"), item.get("to"), (item.get("lon"), item.get("lat"))):
                if where and where[0] is not None and where[1] is not None:
                    lons.append(float(where[0]))
                    lats.append(float(where[1]))
    return lons, lats


def fitted(deck: pdk.Deck, height: int, phone: bool) -> tuple[pdk.Deck, int]:
    """A copy of `deck` (built decks are shared) framed for the screen, and the map's height (issue #10).

    The server cannot know a screen's width, only whether the browser says it is a phone. A phone gets a view fitted
    to its width and a height that follows the points' shape, so no band of empty sea is left below them. Any other
    screen gets a view that fits the narrowest of them, a tablet's column, and a map that repeats the world sideways,
    so a wider column shows more of the map rather than an empty band."""
    lons, lats = _positions(deck)
    out = copy.copy(deck)
    if phone and lons:
        width = FIT_WIDTH[True]
        view = fit_view(lons, lats, width=width, height=height)
        extent = _extent_px(lons, lats)[1] * 2**view.zoom
        height = int(max(PHONE_MIN_HEIGHT, min(height, extent + 40)))
        out.initial_view_state = fit_view(lons, lats, width=width, height=height)
    elif lons:
        out.initial_view_state = fit_view(lons, lats, width=TABLET_WIDTH, height=height)
        out.views = [pdk.View(type="MapView", controller=True, repeat=True)]
    return out, height


def basemap_layer() -> pdk.Layer:
    # A URL, not the outlines themselves: deck.gl fetches the file once and the browser caches it, so a map's
    # message stays a few KB instead of re-sending 1.4 MB on every run of every session (issue #8).
    return pdk.Layer(
        "GeoJsonLayer",
        data=reference.world_geojson_url(),
        id="basemap",
        stroked=True,
        filled=True,
        get_fill_color=theme.rgb(theme.LAND),
        get_line_color=theme.rgb(theme.BORDER),
        line_width_min_pixels=0.6,
        pickable=False,
    )


def _deck(layers: list[pdk.Layer], tooltip: dict | bool, view: pdk.ViewState) -> pdk.Deck:
    return pdk.Deck(
        layers=[basemap_layer(), *layers],
        initial_view_state=view,
        map_provider=None,
        tooltip=tooltip,
        views=[pdk.View(type="MapView", controller=True, repeat=False)],
        parameters={"clearColor": [0.93, 0.96, 0.99, 1]},
    )


def deck_text(text: str) -> str:
    """A data string as a deck's layer data holds it to be shown as typed (issue #9).

    deck.gl's JSON converter (Streamlit's pydeck_chart) reads every string in a deck, the layers' data included: one
    that starts with "@@=" becomes an expression evaluated per point, one that starts with "@@#" a constant looked up
    by name (an unknown name throws and the map is not drawn). A word joiner (no width, no glyph) in front keeps such
    a string text. No HTML escaping: the tooltip is a "text" one (_tooltip), shown with innerText, so "<b>" shows as
    typed."""
    return WORD_JOINER + text if text.startswith("@@") else text


def _tooltip() -> dict:
    # A "text" tooltip, never "html": Streamlit puts the point's "tooltip" string into it as it is and deck.gl shows it
    # with innerText, so a name is shown as typed and can never inject markup or a link (issue #9).
    return {
        "text": "{tooltip}",
        "style": {
            "fontFamily": theme.FONT_FAMILY,
            "fontSize": "13px",
            "backgroundColor": theme.TEXT,
            "color": "white",
            "whiteSpace": "pre",
        },
    }


def member_points(members: pd.DataFrame, lang: str, t: Translator) -> list[dict]:
    names = localized(members, "name", lang)
    points = []
    for row, name in zip(members.to_dict("records"), names):
        is_excom = row["excom_role"] != "none"
        since = fmt.member_since(row["joined_on"], row["first_seen_year"], lang, t)
        points.append(
            {
                "lon": float(row["longitude"]),
                "lat": float(row["latitude"]),
                "region": row["region"],  # a click on the point filters by its region (wego_ui.charts.deck)
                # Opaque, with a dark outline on every point: 3:1 against the land (WCAG 1.4.11, issue #10);
                # EXCOM members stand out by their size and thicker outline.
                "color": theme.rgb(theme.REGION_COLORS[row["region"]]),
                "line": theme.rgb(theme.TEXT),
                "radius": 9 if is_excom else 5.5,
                "line_width": 2.5 if is_excom else 1,
                "tooltip": deck_text(
                    t(
                        "tooltip.member",
                        name=name,
                        country=country(row["country_iso3"], lang),
                        region=t(f"region.{row['region']}"),
                        type=t(f"member_type.{row['member_type']}"),
                        status=t(f"status.{row['status']}"),
                        role=t(f"excom_role.{row['excom_role']}"),
                        since=since,
                    )
                ),
            }
        )
    # EXCOM members last, so their larger outlined points are drawn on top of the others.
    return sorted(points, key=lambda p: p["radius"])


def _point_layer(points: list[dict], layer_id: str, **outline) -> pdk.Layer:
    """Points at lon/lat with their own fill, outline and radius in pixels (member_points' and maturity_map's)."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=points,
        id=layer_id,
        get_position=["lon", "lat"],
        get_fill_color="color",
        get_line_color="line",
        get_radius="radius",
        radius_units=PIXELS,
        stroked=True,
        pickable=True,
        **outline,
    )


def members_map(members: pd.DataFrame, lang: str, t: Translator, compact: bool = False) -> pdk.Deck:
    """Members as points coloured by region; EXCOM roles larger with a dark outline."""
    points = member_points(members, lang, t)
    layer = _point_layer(points, "members", get_line_width="line_width", line_width_units=PIXELS)
    view = fit_view([p["lon"] for p in points], [p["lat"] for p in points], compact)
    return _deck([layer], _tooltip(), view)


def offices_map(offices: pd.DataFrame, arcs: pd.DataFrame, lang: str, t: Translator, compact: bool = False) -> pdk.Deck:
    """Offices as large points (the secretariat dark) with arcs to the members of the region each regional office
    covers. The secretariat covers every member; drawing those arcs would hide the regional ones, so it has none."""
    regional = arcs[arcs["office_kind"] == "regional"]
    arc_data = [
        {
            "from": [float(a["office_longitude"]), float(a["office_latitude"])],
            "to": [float(a["member_longitude"]), float(a["member_latitude"])],
            "color": theme.rgb(theme.REGION_COLORS[a["region"]], 160),
        }
        for a in regional.to_dict("records")
    ]
    member_dots = [{"pos": a["to"], "color": a["color"][:3] + [255]} for a in arc_data]
    names = localized(offices, "name", lang)
    office_data = [
        {
            "pos": [float(o["longitude"]), float(o["latitude"])],
            "color": theme.rgb(
                theme.TEXT if o["kind"] == "secretariat" else theme.REGION_COLORS.get(o["covers"], theme.GREY)
            ),
            "tooltip": deck_text(f"{name}\n{place(o['city'], o['country_iso3'], lang, o.get('city_ko'))}"),
        }
        for o, name in zip(offices.to_dict("records"), names)
    ]
    layers = [
        pdk.Layer(
            "ArcLayer",
            data=arc_data,
            id="arcs",
            get_source_position="from",
            get_target_position="to",
            get_source_color="color",
            get_target_color="color",
            get_width=1.5,
            width_units=PIXELS,
            # Low, great-circle arcs: flat enough not to cover the office points seen from above.
            get_height=0.15,
            great_circle=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=member_dots,
            id="covered",
            get_position="pos",
            get_fill_color="color",
            get_radius=3.5,
            radius_units=PIXELS,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=office_data,
            id="offices",
            get_position="pos",
            get_fill_color="color",
            get_line_color=theme.rgb(theme.TEXT),
            stroked=True,
            get_radius=11,
            radius_units=PIXELS,
            line_width_min_pixels=2,
            pickable=True,
        ),
    ]
    view = fit_view(
        [p["pos"][0] for p in office_data + member_dots], [p["pos"][1] for p in office_data + member_dots], compact
    )
    return _deck(layers, _tooltip(), view)


def events_map(events: pd.DataFrame, lang: str, t: Translator, compact: bool = False) -> pdk.Deck:
    """Events with a known place, coloured by kind family (assemblies and EXCOM meetings stand out)."""
    placed = events[events["latitude"].notna()]
    names = localized(placed, "name", lang)
    data = [
        {
            "pos": [float(e["longitude"]), float(e["latitude"])],
            "color": theme.rgb(theme.VERMILLION if e["kind"] in ("general_assembly", "excom") else theme.BLUE),
            "tooltip": deck_text(
                f"{name}\n{fmt.date_range(e['starts_on'], e['ends_on'], lang, e['date_precision'])}\n"
                f"{place(e['city'], e['country_iso3'], lang, e.get('city_ko'))} · {t('event_kind.' + e['kind'])}"
            ),
        }
        for e, name in zip(placed.to_dict("records"), names)
    ]
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id="events",
        get_position="pos",
        get_fill_color="color",
        get_line_color=theme.rgb(theme.TEXT),
        stroked=True,
        get_radius=7,
        radius_units=PIXELS,
        line_width_min_pixels=1,
        pickable=True,
    )
    view = fit_view([d["pos"][0] for d in data], [d["pos"][1] for d in data], compact)
    return _deck([layer], _tooltip(), view)


def maturity_map(
    overall: pd.DataFrame, colours: dict[str, str], lang: str, t: Translator, scale: tuple[float, float] = (0.0, 1.0)
) -> pdk.Deck:
    """Members as points coloured by their band in one edition (issue #11), grey where there is no data; the tooltip
    names the member, its score and band (wego_view.maturity's labels)."""

    placed = overall[overall["latitude"].notna() & overall["longitude"].notna()]
    names = localized(placed, "name", lang)
    read = ["member_id", "latitude", "longitude", "country_iso3", "score", "band_id", "band_name_en", "band_name_ko"]
    points = []
    for row, name in zip(placed[[c for c in read if c in placed.columns]].to_dict("records"), names):
        band = row.get("band_id")
        has_band = isinstance(band, str) and band in colours
        scored = pd.notna(row["score"])
        band_name = pick({"name_en": row.get("band_name_en"), "name_ko": row.get("band_name_ko")}, "name", lang)
        band_text = band_name if has_band and isinstance(band_name, str) else ""
        if scored:
            detail = t("maturity.tooltip", score=fmt.score(row["score"], lang, scale), band=band_text or "–")
        else:
            detail = t("maturity.no_data")
        points.append(
            {
                "lon": float(row["longitude"]),
                "lat": float(row["latitude"]),
                "member_id": row["member_id"],
                "color": theme.rgb(colours[band] if has_band else theme.NO_DATA),
                "line": theme.rgb(theme.TEXT),
                "radius": 7 if scored else 5,
                "tooltip": deck_text(f"{name} · {country(row['country_iso3'], lang)}\n{detail}"),
            }
        )
    layer = _point_layer(points, "maturity", line_width_min_pixels=1)
    view = fit_view([p["lon"] for p in points], [p["lat"] for p in points])
    return _deck([layer], _tooltip(), view)
