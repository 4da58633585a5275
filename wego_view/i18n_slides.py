"""Strings of projector slides and the follow link's QR code (issue #10)."""

SLIDES_CATALOG: dict[str, dict[str, str]] = {
    "slides.follow_title": {"en": "Follow on your phone", "ko": "휴대전화로 따라 보기"},
    "slides.qr_name": {
        "en": "QR code of the link to follow the presentation: {url}",
        "ko": "발표를 따라 보는 링크의 QR 코드: {url}",
    },
    "slides.latest_rows": {"en": "the latest {n} of {total}", "ko": "최근 {n}건(전체 {total}건)"},
}
