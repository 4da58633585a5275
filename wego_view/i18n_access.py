"""Strings of sign-in, the presenter key's limits, the briefing-pack queue and damaged snapshots (issue #9), and of
accessibility: the browser tab's title (issue #10)."""

ACCESS_CATALOG: dict[str, dict[str, str]] = {
    # The browser tab, the window list and a screen reader's first words name the page, then the dashboard (WCAG 2.4.2).
    "app.tab_title": {"en": "{page} · WeGO EXCOM", "ko": "{page} · WeGO 집행위원회"},
    "signin.public_only": {
        "en": "Public view: members, offices, events and published totals. Committee data needs sign-in, which the "
        "server's administrator enables in .streamlit/secrets.toml (README, Sign-in).",
        "ko": "공개 화면입니다(회원, 사무소, 행사, 공표된 합계). 위원회 자료를 보려면 로그인이 필요하며, 서버 관리자가 "
        "서버 설정 파일에서 로그인을 켭니다(설치 안내서의 로그인 항목 참조).",
    },
    "signin.public": {
        "en": "Public view. Committee members sign in to see applicants, line-level spending and the briefing pack.",
        "ko": "공개 화면입니다. 위원회 위원은 로그인하면 가입 신청 회원, 세부 집행 내역, 브리핑 자료를 볼 수 있습니다.",
    },
    "signin.button": {"en": "Sign in", "ko": "로그인"},
    "signin.out": {"en": "Sign out", "ko": "로그아웃"},
    "signin.as": {"en": "Signed in: {name}", "ko": "로그인: {name}"},
    "signin.role.committee": {"en": "Committee: you see all data.", "ko": "위원회: 모든 자료를 봅니다."},
    "signin.role.presenter": {
        "en": "Presenter: you see all data and lead followers.",
        "ko": "발표자: 모든 자료를 보고 참석자 화면을 이끕니다.",
    },
    "signin.role.none": {
        "en": "Your account has no committee role: public view.",
        "ko": "이 계정에는 위원회 권한이 없습니다. 공개 화면을 봅니다.",
    },
    "committee.only": {
        "en": "{what} is for the committee: sign in to see it.",
        "ko": "{what}: 위원회 전용 자료입니다. 로그인하면 볼 수 있습니다.",
    },
    "committee.applicants": {"en": "The list of applicants for admission", "ko": "가입 신청 회원 명단"},
    "committee.spending": {
        "en": "Itemized spending (each activity and its amount, and how it adds up to the budget lines)",
        "ko": "세부 집행 내역(활동별 금액과 예산 항목별 합계 대조)",
    },
    "present.applicants_title": {"en": "Applicants for admission", "ko": "가입 신청 회원"},
    "meeting.projector": {"en": "Open projector view", "ko": "프로젝터 화면 열기"},
    "meeting.projector_help": {
        "en": "Full-screen slides in a new tab; as presenter you lead followers from there too.",
        "ko": "새 탭에서 전체 화면 슬라이드를 엽니다. 발표자는 그 화면에서도 참석자를 이끕니다.",
    },
    "meeting.locked": {
        "en": "Too many wrong keys from this address: try again in {seconds} s.",
        "ko": "이 주소에서 잘못된 키 입력이 너무 많습니다. {seconds}초 후에 다시 시도하세요.",
    },
    "queue.position": {
        "en": "Your briefing pack is number {position} in the queue; it starts when the ones ahead are done.",
        "ko": "브리핑 자료 대기 순서 {position}번입니다. 앞선 자료가 끝나면 시작합니다.",
    },
    "queue.already": {
        "en": "Your previous briefing pack is still being made; wait for it first.",
        "ko": "이전 브리핑 자료를 아직 만드는 중입니다. 먼저 완료를 기다리세요.",
    },
    "queue.limit": {
        "en": "At most {count} briefing packs per session in 10 minutes: try again in {minutes} min.",
        "ko": "세션당 10분에 최대 {count}개의 브리핑 자료를 만들 수 있습니다. {minutes}분 후에 다시 시도하세요.",
    },
    "queue.full": {
        "en": "Many briefing packs are being made right now: try again in a few minutes.",
        "ko": "지금 많은 브리핑 자료를 만드는 중입니다. 몇 분 후에 다시 시도하세요.",
    },
    "snapshot.fallback": {
        "en": "Snapshot {wanted} cannot be used ({reason}); showing {shown}, the newest good one.",
        "ko": "스냅숏 {wanted}을(를) 사용할 수 없어({reason}) 정상인 최신 스냅숏 {shown}을(를) 표시합니다.",
    },
    "snapshot.unusable": {
        "en": "Not usable: {items}. Ask the data team to publish it again.",
        "ko": "사용할 수 없는 스냅숏: {items}. 데이터 담당자에게 다시 게시하도록 요청하세요.",
    },
    "snapshot.none_good": {
        "en": "No published snapshot can be used: {items}. The data team publishes a snapshot again "
        "(python -m wego_data ingest, README).",
        "ko": "사용할 수 있는 게시 스냅숏이 없습니다: {items}. 데이터 담당자가 스냅숏을 다시 게시해야 합니다"
        "(python -m wego_data ingest, README).",
    },
    "snapshot.read_failed": {
        "en": "The data of snapshot {snapshot} could not be read just now (a file was changed or removed on the "
        "server). Choose another snapshot in the sidebar; the data team is told through the server log.",
        "ko": "스냅숏 {snapshot}의 자료를 지금 읽을 수 없습니다(서버에서 파일이 바뀌었거나 삭제됨). 사이드바에서 다른 "
        "스냅숏을 고르세요. 데이터 담당자는 서버 로그로 알 수 있습니다.",
    },
    "data.unreadable": {
        "en": "The dashboard cannot read its data snapshots, so there is nothing to show. For the server's "
        "administrator: {reason}. Then reload this page.",
        "ko": "대시보드가 데이터 스냅숏을 읽을 수 없어 표시할 내용이 없습니다. 서버 관리자 참고: {reason}. 그런 다음 "
        "이 페이지를 새로 고치세요.",
    },
}
