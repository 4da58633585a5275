"""Who may see what (issue #9): sign-in with Streamlit's own st.login (OpenID Connect) and the roles it gives.

- Without sign-in configured (no [auth] in .streamlit/secrets.toml) every session is the *public* audience.
- A signed-in person is *committee* when the identity provider's roles claim or their e-mail address is on the
  committee list, and *presenter* (drives followers; also committee) when on the presenter list. The lists and
  the claim's name are in secrets.toml under [wego.signin] (README, "Sign-in"):

      [wego.signin]
      roles_claim = "groups"                       # the ID token's claim that lists the person's groups or roles
      committee = ["wego-excom", "sg@wego.int"]    # claim values or e-mail addresses
      presenter = ["wego-presenter"]

Roles come from the identity cookie Streamlit keeps after sign-in, so they survive a reload and reach projector
mode (?present=1) in the same browser. What each audience may read is declared in the data contract
(wego_data.schema.Public) and enforced by the query layer; this module only says which audience a session is.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

PUBLIC, COMMITTEE = "public", "committee"
PRESENTER = "presenter"
# What st.login needs in [auth] (or in a named provider's [auth.<name>] with the shared keys in [auth]).
_SHARED = ("redirect_uri", "cookie_secret")
_PROVIDER = ("client_id", "client_secret", "server_metadata_url")


def _secrets_section(name: str) -> dict:
    try:
        section = st.secrets.get(name)
    except Exception:  # no or a damaged secrets.toml: sign-in is simply not configured
        return {}
    return dict(section) if section is not None else {}


def configured() -> bool:
    """Whether [auth] in secrets.toml has what st.login needs (one provider, in [auth] itself)."""
    auth = _secrets_section("auth")
    return all(auth.get(k) for k in _SHARED) and all(auth.get(k) for k in _PROVIDER)


def settings() -> dict:
    signin = _secrets_section("wego").get("signin") or {}
    return {
        "roles_claim": str(signin.get("roles_claim", "roles")),
        COMMITTEE: _lowered(signin.get(COMMITTEE, ())),
        PRESENTER: _lowered(signin.get(PRESENTER, ())),
    }


def _lowered(values) -> frozenset[str]:
    if isinstance(values, str):
        values = [values]
    return frozenset(str(v).strip().lower() for v in values if str(v).strip())


def roles_of(user: dict, config: dict) -> frozenset[str]:
    """The roles a signed-in person's claims give: committee, presenter (who is also committee)."""
    claim = user.get(config["roles_claim"])
    held: Iterable = claim if isinstance(claim, list | tuple) else [claim] if claim else []
    values = {str(v).strip().lower() for v in held}
    email = user.get("email")
    if email and user.get("email_verified", True) is not False:
        values.add(str(email).strip().lower())
    found = {role for role in (COMMITTEE, PRESENTER) if values & config[role]}
    if PRESENTER in found:
        found.add(COMMITTEE)
    return frozenset(found)


def signed_in() -> bool:
    return configured() and bool(st.user.get("is_logged_in"))


def roles() -> frozenset[str]:
    if not signed_in():
        return frozenset()
    return roles_of(st.user.to_dict(), settings())


def audience() -> str:
    return COMMITTEE if COMMITTEE in roles() else PUBLIC


def is_presenter() -> bool:
    return PRESENTER in roles()


def sidebar(t) -> None:
    """Who is signed in, in what role, and the sign-in or sign-out button; without a provider, how to enable it."""
    box = st.sidebar.container(border=True)
    if not configured():
        box.caption(t("signin.public_only"))
        return
    if not st.user.get("is_logged_in"):
        box.caption(t("signin.public"))
        box.button(t("signin.button"), on_click=st.login, icon=":material/login:", key="signin")
        return
    name = st.user.get("name") or st.user.get("email") or ""
    held = roles()
    role = "presenter" if PRESENTER in held else COMMITTEE if COMMITTEE in held else "none"
    box.text(t("signin.as", name=name))  # st.text: a name is text, never markup
    box.caption(t(f"signin.role.{role}"))
    box.button(t("signin.out"), on_click=st.logout, icon=":material/logout:", key="signout")
