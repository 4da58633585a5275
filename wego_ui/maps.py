"""Map builders: data in, pydeck.Deck out, on an offline basemap (Natural Earth outlines as a GeoJsonLayer).

`map_provider=None` keeps pydeck's "no basemap" marker in the JSON; Streamlit then draws no tile map at all.
(With `map_style=None` alone, Streamlit 1.67 substitutes a CARTO basemap fetched from the internet.)
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pydeck as pdk

from wego_data import reference
from wego_ui import fmt, theme
from wego_ui.i18n import country, localized

Translator = Callable[..., str]
WORLD_VIEW = pdk.ViewState(latitude=25, longitude=40, zoom=0.6, min_zoom=0, max_zoom=8)


def basemap_layer() -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        data=reference.world_geojson(),
        id="basemap",
        stroked=True,
        filled=True,
        get_fill_color=theme.rgb(theme.LAND),
        get_line_color=theme.rgb(theme.BORDER),
        line_width_min_pixels=0.6,
        pickable=False,
    )


def _deck(layers: list[pdk.Layer], tooltip: dict | bool, view: pdk.ViewState = WORLD_VIEW) -> pdk.Deck:
    return pdk.Deck(
        layers=[basemap_layer(), *layers],
        initial_view_state=view,
        map_provider=None,
        tooltip=tooltip,
        views=[pdk.View(type="MapView", controller=True, repeat=False)],
        parameters={"clearColor": [0.93, 0.96, 0.99, 1]},
    )


def _tooltip() -> dict:
    # deck.gl's "text" tooltip inserts values as text, never as HTML, so a name cannot inject markup.
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
                "color": theme.rgb(theme.REGION_COLORS[row["region"]], 220),
                "line": theme.rgb(theme.TEXT if is_excom else theme.BACKGROUND, 255),
                "radius": 9 if is_excom else 5.5,
                "line_width": 2.5 if is_excom else 1,
                "tooltip": t(
                    "tooltip.member",
                    name=name,
                    country=country(row["country_iso3"], lang),
                    region=t(f"region.{row['region']}"),
                    type=t(f"member_type.{row['member_type']}"),
                    status=t(f"status.{row['status']}"),
                    role=t(f"excom_role.{row['excom_role']}"),
                    since=since,
                ),
            }
        )
    return points


def members_map(members: pd.DataFrame, lang: str, t: Translator) -> pdk.Deck:
    """Members as points coloured by region; EXCOM roles larger with a dark outline."""
    points = member_points(members, lang, t)
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=points,
        id="members",
        get_position=["lon", "lat"],
        get_fill_color="color",
        get_line_color="line",
        get_radius="radius",
        radius_units="pixels",
        stroked=True,
        get_line_width="line_width",
        line_width_units="pixels",
        pickable=True,
    )
    return _deck([layer], _tooltip())


def offices_map(offices: pd.DataFrame, arcs: pd.DataFrame, lang: str, t: Translator) -> pdk.Deck:
    """Offices as large points (the secretariat darker) with arcs to the members of the region each covers."""
    arc_data = [
        {
            "from": [float(a["office_longitude"]), float(a["office_latitude"])],
            "to": [float(a["member_longitude"]), float(a["member_latitude"])],
            "color": theme.rgb(
                theme.GREY if a["office_kind"] == "secretariat" else theme.REGION_COLORS[a["region"]],
                70 if a["office_kind"] == "secretariat" else 170,
            ),
        }
        for a in arcs.to_dict("records")
    ]
    member_dots = [{"pos": a["to"], "color": a["color"][:3] + [200]} for a in arc_data]
    names = localized(offices, "name", lang)
    office_data = [
        {
            "pos": [float(o["longitude"]), float(o["latitude"])],
            "color": theme.rgb(
                theme.TEXT if o["kind"] == "secretariat" else theme.REGION_COLORS.get(o["covers"], theme.GREY)
            ),
            "tooltip": f"{name}\n{o['city']}, {country(o['country_iso3'], lang)}",
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
            width_units="pixels",
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=member_dots,
            id="covered",
            get_position="pos",
            get_fill_color="color",
            get_radius=3.5,
            radius_units="pixels",
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=office_data,
            id="offices",
            get_position="pos",
            get_fill_color="color",
            get_line_color=theme.rgb(theme.BACKGROUND),
            stroked=True,
            get_radius=11,
            radius_units="pixels",
            line_width_min_pixels=2,
            pickable=True,
        ),
    ]
    return _deck(layers, _tooltip())


def events_map(events: pd.DataFrame, lang: str, t: Translator) -> pdk.Deck:
    """Events with a known place, coloured by kind family (assemblies and EXCOM meetings stand out)."""
    placed = events[events["latitude"].notna()]
    names = localized(placed, "name", lang)
    data = [
        {
            "pos": [float(e["longitude"]), float(e["latitude"])],
            "color": theme.rgb(theme.VERMILLION if e["kind"] in ("general_assembly", "excom") else theme.BLUE, 200),
            "tooltip": f"{name}\n{fmt.date_range(e['starts_on'], e['ends_on'], lang, e['date_precision'])}\n"
            f"{e['city'] or ''} · {t('event_kind.' + e['kind'])}",
        }
        for e, name in zip(placed.to_dict("records"), names)
    ]
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id="events",
        get_position="pos",
        get_fill_color="color",
        get_line_color=theme.rgb(theme.BACKGROUND),
        stroked=True,
        get_radius=7,
        radius_units="pixels",
        line_width_min_pixels=1,
        pickable=True,
    )
    return _deck([layer], _tooltip())
