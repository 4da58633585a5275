"""A snapshot five years after the newest sample, generated for tests: five more years of events and meetings.

write_later_export() copies the 2025-11-01 sample export and adds 2026-2030 to it, deterministically (one
random.Random(seed)): EXCOM meetings every year and general assemblies in 2027 and 2030, forums, workshops and
trainings, about forty new members, a new regional office and a closed one, published figures, the 2030 program plan,
the settled 2029 budget and its spending, and the meetings, agendas and decisions of those years; the UN EGDI of
every member's country and test CeDS results (tests/maturity_data.py) for 2026, 2028 and 2030. Its as-of date,
2030-06-15, puts the September 2030 EXCOM in view as the next meeting: it has an agenda but no decision yet.

Every generated row says so in its source; nothing here is real WeGO data.
"""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

from maturity_data import add_ceds

from wego_data import egdi, reference
from wego_data.schema import TABLES

PROJECT = Path(__file__).resolve().parents[1]
BASE_EXPORT = PROJECT / "data" / "source" / "2025-11-01"
NAMES_KO = PROJECT / "data" / "reference" / "names_ko.csv"

LATER_ID = "2030-06-15-generated"
LATER_AS_OF = datetime.date(2030, 6, 15)
LATER_LABEL = "Five more years (generated for tests)"
LATER_LABEL_KO = "5년 뒤 (테스트용 생성 자료)"
YEARS = (2026, 2027, 2028, 2029, 2030)
NEW_MEMBERS = 40
SETTLED_YEAR = 2029
PLAN_YEAR = 2030

# Fictional place names: each Latin syllable with its Hangul spelling, so that a name has a Korean form too.
SYLLABLES = (
    ("ka", "카"),
    ("ra", "라"),
    ("mo", "모"),
    ("na", "나"),
    ("le", "레"),
    ("ti", "티"),
    ("so", "소"),
    ("ven", "벤"),
    ("dor", "도르"),
    ("bel", "벨"),
    ("mi", "미"),
    ("sa", "사"),
    ("ro", "로"),
    ("lu", "루"),
    ("ne", "네"),
    ("ta", "타"),
    ("ri", "리"),
    ("va", "바"),
    ("no", "노"),
    ("ki", "키"),
    ("mar", "마르"),
    ("zan", "잔"),
    ("del", "델"),
    ("pa", "파"),
    ("ho", "호"),
    ("sel", "셀"),
    ("ga", "가"),
    ("to", "토"),
)
MEMBER_KINDS = ("city", "district", "region", "institution", "corporate")
MEMBER_KIND_WEIGHTS = (12, 2, 2, 2, 2)
KIND_SUFFIX = {
    "city": ("", ""),
    "district": (" District", " 구"),
    "region": (" Province", " 주"),
    "institution": (" Digital Agency", " 디지털청"),
    "corporate": (" Smart Systems", " 스마트시스템즈"),
}
# Countries with no member in the sample: a point near their largest city, for the Oceania members.
EXTRA_ANCHORS = {"AUS": (-33.8688, 151.2093), "NZL": (-36.8485, 174.7633)}

TOPICS = (
    ("Smart Mobility", "스마트 모빌리티", "smart-mobility"),
    ("Digital Twin", "디지털 트윈", "digital-twin"),
    ("AI in Public Services", "공공서비스 인공지능", "ai-public-services"),
    ("Open Data", "공공데이터 개방", "open-data"),
    ("Urban Cybersecurity", "도시 사이버보안", "cybersecurity"),
    ("E-Participation", "전자 시민참여", "e-participation"),
    ("Smart Water", "스마트 물관리", "smart-water"),
    ("Climate-Resilient Cities", "기후회복력 도시", "climate-resilience"),
    ("Digital Inclusion", "디지털 포용", "digital-inclusion"),
    ("Urban Data Platforms", "도시 데이터 플랫폼", "data-platforms"),
)
EVENT_WORDS = {
    "forum": ("Forum", "포럼"),
    "workshop": ("Workshop", "워크숍"),
    "training": ("Training Program", "연수 프로그램"),
}

PROGRAM_POOL = {
    1: (
        ("Smart-city regional forum with ITU", "ITU와 스마트시티 지역포럼 공동 개최", "ITU"),
        ("Joint training workshop with ADB", "ADB와 공동 교육워크숍 개최", "ADB"),
        (
            "UN-Habitat partnership on people-centred smart cities",
            "유엔 해비타트 사람중심 스마트시티 협력",
            "UN-Habitat",
        ),
    ),
    2: (
        ("Smart-city pre-feasibility studies for member cities", "회원도시 스마트시티 사전타당성조사", ""),
        ("WeGO Smart Sustainable City Awards", "WeGO 스마트 지속가능 도시상", ""),
        ("Knowledge-sharing webinars on urban AI", "도시 인공지능 지식공유 웨비나", ""),
    ),
    3: (
        (
            "Seoul smart-city training program",
            "서울 스마트시티 연수 프로그램",
            "Seoul Human Resource Development Center",
        ),
        ("Digital capacity building for African members", "아프리카 회원도시 디지털 역량강화", ""),
    ),
    4: (
        ("2030 Executive Committee and 8th General Assembly", "2030 집행위원회 및 제8차 총회", ""),
        ("WeGO communication and member services", "WeGO 홍보 및 회원 서비스", ""),
    ),
}
PHASES = (
    ("Plan and consult partners", "기획 및 협의"),
    ("Invite member cities and prepare", "회원도시 초청 및 준비"),
    ("Deliver", "실행"),
    ("Evaluate and report", "평가 및 결과 보고"),
)


def _source(seed: int) -> str:
    return f"generated for tests (tests/later.py, seed {seed})"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _read(table: str) -> list[dict[str, str]]:
    with (BASE_EXPORT / f"{table}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _organizations_ko() -> dict[str, str]:
    """A partner's or payer's Korean name, from the sourced list the samples use too (issue #10)."""
    with NAMES_KO.open(encoding="utf-8", newline="") as f:
        return {row["name_en"]: row["name_ko"] for row in csv.DictReader(f) if row["kind"] == "organization"}


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _month_end(year: int, month: int) -> datetime.date:
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


class _Later:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.source = _source(seed)
        self.countries = reference.countries()
        self.tables: dict[str, list[dict]] = {name: _read(name) for name in TABLES}
        self.members = {row["member_id"]: row for row in self.tables["members"]}
        self.events: dict[str, dict] = {}
        self.meetings: dict[int, dict[str, dict]] = {year: {} for year in YEARS}  # year -> kind -> meeting row

    # ---------------------------------------------------------------------------------------------- helpers

    def add(self, table: str, **values) -> dict:
        row = {name: _text(values.get(name)) for name in TABLES[table].column_names}
        self.tables[table].append(row)
        return row

    def amend(self, member_id: str, note: str, **values) -> None:
        row = self.members[member_id]
        row.update({k: _text(v) for k, v in values.items()})
        row["source"] = f"{row['source']}; {note}: {self.source}"

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def status_of(self, starts: datetime.date, ends: datetime.date) -> str:
        assert not starts <= LATER_AS_OF <= ends, "no generated event is under way on the as-of date"
        return "held" if ends < LATER_AS_OF else "planned"

    # ---------------------------------------------------------------------------------------------- members

    def new_name(self, kind: str) -> tuple[str, str, str]:
        while True:
            parts = self.rng.sample(SYLLABLES, self.rng.choice((2, 2, 3)))
            base_en = "".join(p[0] for p in parts).capitalize()
            base_ko = "".join(p[1] for p in parts)
            name_en = base_en + KIND_SUFFIX[kind][0]
            slug = name_en.lower().replace(" ", "-")
            if slug not in self.members:
                return slug, name_en, base_ko + KIND_SUFFIX[kind][1]

    def point_in(self, iso3: str) -> tuple[float, float]:
        anchors = sorted(
            (float(m["latitude"]), float(m["longitude"])) for m in self.members.values() if m["country_iso3"] == iso3
        ) or [EXTRA_ANCHORS[iso3]]
        lat, lon = self.rng.choice(anchors)
        lat = max(-89.0, min(89.0, lat + self.rng.uniform(-0.5, 0.5)))
        lon = max(-179.0, min(179.0, lon + self.rng.uniform(-0.5, 0.5)))
        return round(lat, 4), round(lon, 4)

    def add_members(self) -> None:
        countries = sorted({m["country_iso3"] for m in self.members.values()} | set(EXTRA_ANCHORS))
        forced = {16: "AUS", 17: "NZL"}  # the first two of 2028: the host of the Oceania office and a neighbour
        per_year = NEW_MEMBERS // len(YEARS)
        for i in range(NEW_MEMBERS):
            year, nth = YEARS[i // per_year], i % per_year
            kind = "city" if i in forced else self.rng.choices(MEMBER_KINDS, MEMBER_KIND_WEIGHTS)[0]
            iso3 = forced.get(i) or self.rng.choice(countries)
            slug, name_en, name_ko = self.new_name(kind)
            if kind == "corporate":
                member_type = "corporate"
            elif kind == "institution":
                member_type = "associate"
            else:
                member_type = self.rng.choices(("full", "associate", "friendship"), (16, 3, 1))[0]
            if (year == 2030 and nth >= 4) or (year == 2029 and nth >= per_year - 2):
                status = "applicant"
            elif year == 2026 and nth >= per_year - 2:
                status = "withdrawn"
            else:
                status = "active"
            joined = None
            if status != "applicant":
                last = min(
                    datetime.date(year, 12 if i not in forced else 3, 31), LATER_AS_OF - datetime.timedelta(days=30)
                )
                joined = self.day_between(datetime.date(year, 1, 15), last)
            lat, lon = self.point_in(iso3)
            row = self.add(
                "members",
                member_id=slug,
                name_en=name_en,
                # Every generated member has its Korean name (issue #10); the draw is kept so the rest of the
                # generated data stays as it was.
                name_ko=name_ko if self.rng.random() < 2 else None,
                kind=kind,
                country_iso3=iso3,
                region=self.countries[iso3]["wego_region"],
                latitude=lat,
                longitude=lon,
                member_type=member_type,
                status=status,
                joined_on=joined,
                first_seen_year=year,
                excom_role="none",
                source=self.source,
            )
            self.members[slug] = row

    def joined_by(self, day: datetime.date) -> list[dict]:
        """Active cities that were members on that day (the sample's members count from the start)."""
        out = []
        for m in self.members.values():
            if m["kind"] != "city" or m["status"] != "active":
                continue
            if m["source"] == self.source and (not m["joined_on"] or _date(m["joined_on"]) > day):
                continue
            out.append(m)
        return sorted(out, key=lambda m: m["member_id"])

    # ---------------------------------------------------------------------------------------------- events

    def add_event(self, event_id: str, kind: str, name_en: str, name_ko: str, starts, ends, host: dict | None, **more):
        base, n = event_id, 2
        while event_id in self.events:
            event_id, n = f"{base}-{n}", n + 1
        online = more.pop("is_online", False)
        placed = host is not None and not online
        status = more.pop("status", None) or self.status_of(starts, ends)
        row = self.add(
            "events",
            event_id=event_id,
            kind=kind,
            name_en=name_en,
            name_ko=name_ko,
            starts_on=starts,
            ends_on=ends,
            date_precision=more.pop("date_precision", "day"),
            city=host["name_en"] if placed else None,
            city_ko=(host.get("name_ko") or host["name_en"]) if placed else None,
            country_iso3=host["country_iso3"] if placed else None,
            latitude=float(host["latitude"]) if placed else None,
            longitude=float(host["longitude"]) if placed else None,
            is_online=online,
            host_member_id=host["member_id"] if host else None,
            status=status,
            source=self.source,
            **more,
        )
        self.events[event_id] = row
        return row

    def attendance(self, kind: str) -> dict:
        rng = self.rng
        if kind == "general_assembly":
            return {
                "people": rng.randint(300, 600),
                "cities": rng.randint(80, 140),
                "organizations": rng.randint(5, 30),
            }
        if kind == "excom":
            return {"people": rng.randint(60, 150), "cities": rng.randint(15, 30), "organizations": rng.randint(2, 10)}
        out = {"people": rng.randint(20, 200), "cities": rng.randint(4, 40)}
        if rng.random() < 0.5:
            out["organizations"] = rng.randint(1, 12)
        return out

    def add_meeting(self, year: int, kind: str, number: int, starts, ends, host: dict, **more) -> dict:
        if kind == "general_assembly":
            ordinal = {7: "7th", 8: "8th"}[number]
            name_en, name_ko = f"{ordinal} WeGO General Assembly", f"제{number}차 WeGO 총회"
            event_id = f"ga-{year}-{host['member_id']}"
        else:
            name_en, name_ko = f"WeGO Executive Committee meeting {year}", f"{year} WeGO 집행위원회"
            event_id = f"excom-{year}-{host['member_id']}"
        status = self.status_of(starts, ends)
        people = self.attendance(kind) if status == "held" else {}
        if kind == "general_assembly" and status == "planned":
            people = {"people": 500}  # expected attendance: not history until held
        event = self.add_event(event_id, kind, name_en, name_ko, starts, ends, host, **people, **more)
        meeting = self.add(
            "meetings",
            meeting_id=event["event_id"],
            kind=kind,
            event_id=event["event_id"],
            number=number,
            starts_on=starts,
            ends_on=ends,
            date_precision=event["date_precision"],
            host_member_id=host["member_id"],
            city=host["name_en"],
            source=self.source,
        )
        self.meetings[year][kind] = meeting
        return meeting

    def add_statutory_meetings(self, programs_2030: dict[int, list[str]]) -> None:
        rng = self.rng
        pool = [
            m
            for m in self.joined_by(datetime.date(2025, 12, 31))
            if m["member_type"] == "full" and m["member_id"] not in ("seoul", "caracas", "mugla")
        ]
        hosts = dict(zip(YEARS, rng.sample(pool, len(YEARS))))
        # EXCOM numbers go on from the 15th (2024), counting 2025 as the 16th.
        numbers = {year: 17 + i for i, year in enumerate(YEARS)}

        start = datetime.date(2026, rng.randint(9, 11), rng.randint(1, 20))
        self.add_meeting(
            2026, "excom", numbers[2026], start, start + datetime.timedelta(days=rng.randint(1, 2)), hosts[2026]
        )

        ga = datetime.date(2027, 6, rng.randint(7, 24))
        self.add_meeting(2027, "general_assembly", 7, ga, ga + datetime.timedelta(days=2), hosts[2027])
        self.add_meeting(
            2027, "excom", numbers[2027], ga - datetime.timedelta(days=1), ga - datetime.timedelta(days=1), hosts[2027]
        )

        month = rng.randint(9, 11)  # known to the month only
        self.add_meeting(
            2028,
            "excom",
            numbers[2028],
            datetime.date(2028, month, 1),
            _month_end(2028, month),
            hosts[2028],
            date_precision="month",
        )

        start = datetime.date(2029, rng.randint(9, 10), rng.randint(1, 25))
        self.add_meeting(2029, "excom", numbers[2029], start, start + datetime.timedelta(days=2), hosts[2029])

        # The meeting in view: the next one after the as-of date, with an agenda and no decision yet.
        start = datetime.date(2030, 9, rng.randint(8, 20))
        self.add_meeting(
            2030,
            "excom",
            numbers[2030],
            start,
            start + datetime.timedelta(days=2),
            hosts[2030],
            program_id=programs_2030[4][0],
        )
        ga = datetime.date(2030, 10, rng.randint(12, 24))
        self.add_meeting(
            2030,
            "general_assembly",
            8,
            ga,
            ga + datetime.timedelta(days=2),
            self.members["seoul"],
            program_id=programs_2030[4][0],
        )

    def add_other_events(self, programs_2030: dict[int, list[str]]) -> None:
        rng = self.rng
        plan = [pid for area in sorted(programs_2030) for pid in programs_2030[area]]
        for year in YEARS:
            for n in range(rng.randint(5, 10)):
                kind = rng.choice(sorted(EVENT_WORDS))
                topic_en, topic_ko, topic_slug = rng.choice(TOPICS)
                while True:
                    starts = self.day_between(datetime.date(year, 1, 10), datetime.date(year, 12, 10))
                    ends = starts + datetime.timedelta(days=rng.randint(0, 4))
                    if not starts <= LATER_AS_OF <= ends:
                        break
                host = rng.choice(self.joined_by(starts))
                online = rng.random() < 0.12
                word_en, word_ko = EVENT_WORDS[kind]
                where = "online" if online else host["name_en"]
                status = "cancelled" if (year == 2028 and n == 0) else self.status_of(starts, ends)
                more = self.attendance(kind) if status == "held" else {}
                if year == PLAN_YEAR:
                    more["program_id"] = rng.choice(plan)
                self.add_event(
                    f"{year}-{kind}-{topic_slug}-{host['member_id']}",
                    kind,
                    f"WeGO {topic_en} {word_en} ({where})",
                    f"WeGO {topic_ko} {word_ko}",
                    starts,
                    ends,
                    host,
                    is_online=online,
                    status=status,
                    **more,
                )

    # ---------------------------------------------------------------------------------------------- programs

    def add_programs(self) -> dict[int, list[str]]:
        rng = self.rng
        area_names = {}
        for row in self.tables["programs"]:
            area_names.setdefault(int(row["area"]), (row["area_name_en"], row["area_name_ko"]))
        out: dict[int, list[str]] = {}
        korean = _organizations_ko()
        for area in sorted(PROGRAM_POOL):
            for n, (name_en, name_ko, partner) in enumerate(PROGRAM_POOL[area], start=1):
                pid = f"{PLAN_YEAR}-{area}-{n}"
                out.setdefault(area, []).append(pid)
                paid_by_partner = partner == "Seoul Human Resource Development Center"
                self.add(
                    "programs",
                    program_id=pid,
                    fiscal_year=PLAN_YEAR,
                    area=area,
                    area_name_en=area_names[area][0],
                    area_name_ko=area_names[area][1],
                    name_en=name_en,
                    name_ko=name_ko,
                    partner=partner or None,
                    partner_ko=korean[partner] if partner else None,
                    budget_krw=rng.randint(4, 120) * 1_000_000,
                    funded_by=partner if paid_by_partner else "wego",
                    funded_by_ko=korean[partner] if paid_by_partner else None,
                )
                count = rng.randint(2, 4)
                phases = PHASES if count == 4 else (PHASES[0], PHASES[2]) if count == 2 else PHASES[:3]
                first = self.day_between(datetime.date(PLAN_YEAR, 1, 1), datetime.date(PLAN_YEAR, 3, 31))
                last = self.day_between(datetime.date(PLAN_YEAR, 10, 1), datetime.date(PLAN_YEAR, 12, 31))
                cuts = sorted(rng.sample(range(1, (last - first).days), count - 1))
                bounds = [first] + [first + datetime.timedelta(days=c) for c in cuts] + [last + datetime.timedelta(1)]
                for seq, (phase_en, phase_ko) in enumerate(phases, start=1):
                    self.add(
                        "milestones",
                        program_id=pid,
                        seq=seq,
                        name_en=phase_en,
                        name_ko=phase_ko,
                        starts_on=bounds[seq - 1],
                        ends_on=bounds[seq] - datetime.timedelta(days=1),
                    )
        return out

    # ---------------------------------------------------------------------------------------------- budget

    def add_settlement(self) -> dict[str, int]:
        """The settled 2029 budget, shaped as the 2015 one: four top lines, office operations split in two."""
        rng = self.rng
        spent = self.add_spending()
        leaves = {
            "personnel": (380, 460),
            "travel": (12, 25),
            "business-promotion": (6, 10),
            "rent-general": (130, 170),
            "program-expenses": (max(420, spent // 1_000_000 + 20), 520),
        }
        names = {row["line_id"]: row for row in self.tables["budget_lines"] if row["fiscal_year"] == "2015"}
        money: dict[str, dict[str, int]] = {}
        for line_id, (low, high) in leaves.items():
            budget = rng.randint(low, high) * 1_000_000
            granted = budget - rng.choice((0, 0, rng.randint(1, 8) * 1_000_000))
            executed = granted - rng.randint(0, granted // 100)
            if line_id == "program-expenses":
                executed = max(executed, spent)
            money[line_id] = {"budget": budget, "granted": granted, "executed": executed}
        money["office-operations"] = {
            k: money["rent-general"][k] + money["program-expenses"][k] for k in ("budget", "granted", "executed")
        }
        for line_id in (
            "personnel",
            "travel",
            "business-promotion",
            "office-operations",
            "rent-general",
            "program-expenses",
        ):
            m, ref = money[line_id], names[line_id]
            self.add(
                "budget_lines",
                fiscal_year=SETTLED_YEAR,
                line_id=line_id,
                parent_line_id=ref["parent_line_id"] or None,
                name_en=ref["name_en"],
                name_ko=ref["name_ko"],
                budget_krw=m["budget"],
                granted_krw=m["granted"],
                executed_krw=m["executed"],
                unspent_krw=m["granted"] - m["executed"],
            )
        top = ("personnel", "travel", "business-promotion", "office-operations")
        return {k: sum(money[line][k] for line in top) for k in ("budget", "granted", "executed")}

    def add_spending(self) -> int:
        """Activities paid in the settled year: its held events (one paid by its host), and travel. Returns the
        amount paid from program expenses."""
        rng = self.rng
        held = [
            e
            for e in self.events.values()
            if e["starts_on"].startswith(str(SETTLED_YEAR))
            and e["status"] == "held"
            and e["kind"] != "general_assembly"
        ]
        total = 0
        for n, event in enumerate(held):
            host = self.members[event["host_member_id"]]
            by_host = n == 1
            amount = None if by_host else rng.randint(50, 400) * 100_000
            if amount:
                event["cost_krw"] = str(amount)
                total += amount
            period = (
                event["starts_on"]
                if event["starts_on"] == event["ends_on"]
                else f"{event['starts_on']}/{event['ends_on']}"
            )
            if event["date_precision"] == "month":
                period = event["starts_on"][:7]
            country = self.countries[host["country_iso3"]]["name_en"]
            self.add(
                "spending",
                spending_id=event["event_id"]
                if event["event_id"].startswith(f"{SETTLED_YEAR}-")
                else f"{SETTLED_YEAR}-{event['event_id']}",
                fiscal_year=SETTLED_YEAR,
                line_id=None if by_host else "program-expenses",
                event_id=event["event_id"],
                description_en=event["name_en"],
                description_ko=event["name_ko"],
                amount_krw=amount,
                paid_by=host["name_en"] if by_host else "wego",
                paid_by_ko=(host["name_ko"] or host["name_en"]) if by_host else None,
                period=period,
                place_en="online" if event["is_online"] == "true" else f"{event['city']}, {country}",
                participants_en=f"{event['people']} people from {event['cities']} cities" if event["people"] else None,
            )
        self.add(
            "spending",
            spending_id=f"{SETTLED_YEAR}-secretariat-travel",
            fiscal_year=SETTLED_YEAR,
            line_id="travel",
            description_en="Secretariat travel to member cities and partner events",
            description_ko="회원도시 및 협력기관 행사 출장",
            amount_krw=rng.randint(40, 110) * 100_000,
            paid_by="wego",
            period=f"{SETTLED_YEAR}-02/{SETTLED_YEAR}-11",
        )
        return total

    # ---------------------------------------------------------------------------------------------- offices, roles

    def change_offices_and_roles(self) -> dict[str, str]:
        ga = self.meetings[2027]["general_assembly"]
        excom_2028 = self.meetings[2028]["excom"]
        for row in self.tables["offices"]:
            if row["office_id"] == "ro-europe-ulyanovsk":
                row["closed_on"] = f"{2027}-12-31"
                row["source"] = f"{row['source']}; closed_on: {self.source}"
        host = next(
            m
            for m in self.members.values()
            if m["source"] == self.source and m["country_iso3"] == "AUS" and m["kind"] == "city"
        )
        opened = _date(excom_2028["ends_on"]) + datetime.timedelta(days=self.rng.randint(40, 90))
        office_id = f"ro-oceania-{host['member_id']}"
        self.add(
            "offices",
            office_id=office_id,
            kind="regional",
            name_en=f"WeGO Oceania Regional Office ({host['name_en']})",
            name_ko=f"WeGO 오세아니아 지역사무소 ({host['name_ko']})" if host["name_ko"] else None,
            host_member_id=host["member_id"],
            city=host["name_en"],
            city_ko=host["name_ko"] or host["name_en"],
            country_iso3=host["country_iso3"],
            latitude=float(host["latitude"]),
            longitude=float(host["longitude"]),
            covers="Oceania",
            opened_on=opened,
            opened_precision="day",
            source=self.source,
        )
        # The 7th general assembly elects the officers for 2027-2030.
        self.amend("abu-dhabi", "excom_role from 2027", excom_role="executive_vice_president")
        vice = ("almaty", "chengdu", "quezon-city", "abuja-amac", "cuenca")
        for member_id in vice:
            self.amend(member_id, "excom_role from 2027", excom_role="vice_president")
        others = [
            m["member_id"]
            for m in self.joined_by(_date(ga["starts_on"]))
            if m["excom_role"] == "none" and m["source"] != self.source
        ]
        for member_id in self.rng.sample(others, 12):
            self.amend(member_id, "excom_role from 2027", excom_role="member")
        # Mugla, an applicant since 2016, is admitted at the 2026 EXCOM; Caracas withdraws in 2028.
        admitted = self.meetings[2026]["excom"]["starts_on"]
        self.amend("mugla", "admitted in 2026", status="active", member_type="full", joined_on=admitted)
        self.amend("caracas", "withdrawn in 2028", status="withdrawn")
        return {"office_id": office_id, "office_host": host["member_id"]}

    # ---------------------------------------------------------------------------------------------- agendas, decisions

    def add_agenda(self, meeting: dict, items: list[tuple]) -> None:
        for seq, (kind, section, filters, title_en, title_ko) in enumerate(items, start=1):
            self.add(
                "agenda_items",
                meeting_id=meeting["meeting_id"],
                seq=seq,
                code=f"({'abcdefgh'[seq - 1]})",
                title_en=title_en,
                title_ko=title_ko,
                kind=kind,
                section=section,
                filters=filters or None,
                source=self.source,
            )

    def decide(self, meeting: dict, slug: str, outcome: str, text_en: str, text_ko: str, **more) -> None:
        self.add(
            "decisions",
            decision_id=f"{meeting['meeting_id']}-{slug}",
            meeting_id=meeting["meeting_id"],
            decided_on=meeting["starts_on"],
            decided_precision=meeting["date_precision"],
            text_en=text_en,
            text_ko=text_ko,
            outcome=outcome,
            source=self.source,
            **more,
        )

    def add_agendas_and_decisions(self, office: dict[str, str]) -> None:
        m = self.meetings

        def joined(year: int) -> list[dict]:
            new = (r for r in self.members.values() if r["source"] == self.source and r["first_seen_year"] == str(year))
            return sorted(new, key=lambda r: r["member_id"])

        applicants_2029 = [r for r in joined(2029) if r["status"] == "applicant"]
        admitted_2029 = [r for r in joined(2029) if r["status"] == "active"]
        next_host = m[2030]["excom"]["host_member_id"]
        next_city = m[2030]["excom"]["city"]

        excom = m[2026]["excom"]
        self.decide(
            excom,
            "mugla-admitted",
            "approved",
            f"{self.members['mugla']['name_en']} admitted as a full member",
            f"{self.members['mugla']['name_ko']} 정회원 가입 승인",
            member_id="mugla",
        )
        self.decide(
            excom,
            "new-members",
            "approved",
            f"Admitted {len(joined(2026))} new members",
            f"신규 회원 {len(joined(2026))}개 가입 승인",
        )
        ga = m[2027]["general_assembly"]
        self.decide(
            excom,
            "host-ga-2027",
            "approved",
            f"{ga['city']} to host the 7th General Assembly",
            "제7차 총회 개최도시 결정",
            member_id=ga["host_member_id"],
        )

        self.decide(
            m[2027]["excom"],
            "ga-agenda",
            "noted",
            "Agenda of the 7th General Assembly reviewed",
            "제7차 총회 안건 검토",
        )
        self.decide(
            ga,
            "president-seoul",
            "elected",
            "Seoul re-elected President city for 2027–2030",
            "서울시 의장도시 재선출 (2027–2030)",
            member_id="seoul",
        )
        self.decide(
            ga,
            "executive-vice-president-abu-dhabi",
            "elected",
            "Abu Dhabi elected Executive Vice President city",
            "아부다비 수석부의장도시 선출",
            member_id="abu-dhabi",
        )
        self.decide(
            ga,
            "eurasia-office-closed",
            "approved",
            "Eurasia Regional Office (Ulyanovsk) to close at the end of 2027",
            "유라시아 지역사무소(율리아노브스크) 2027년 말 폐쇄 승인",
            office_id="ro-europe-ulyanovsk",
        )
        self.decide(ga, "settlement-2026", "noted", "Settlement of the 2026 budget", "2026년 예산 결산 보고")

        excom = m[2028]["excom"]
        self.decide(
            excom,
            "oceania-office",
            "approved",
            "Oceania Regional Office approved",
            "오세아니아 지역사무소 설치 승인",
            member_id=office["office_host"],
            office_id=office["office_id"],
        )
        self.decide(
            excom,
            "caracas-withdrawal",
            "noted",
            "Withdrawal of Caracas noted",
            "카라카스 탈퇴 보고",
            member_id="caracas",
        )
        self.decide(
            excom, "fee-reform", "deferred", "Membership fee reform deferred to 2029", "회비 개편안 2029년으로 연기"
        )

        excom = m[2029]["excom"]
        self.add_agenda(
            excom,
            [
                ("report", "overview", None, "Secretariat activity report 2028–2029", "2028–2029 사무국 활동 보고"),
                ("deliberation", "members", "status=applicant", "Admission of new members", "신규 회원 가입 심의"),
                ("decision", "budget", None, "Membership fee reform", "회비 개편안 의결"),
                (
                    "election",
                    "events",
                    "kind=excom",
                    "Host city of the 2030 EXCOM meeting",
                    "2030 집행위원회 개최도시 선출",
                ),
            ],
        )
        self.decide(
            excom,
            "activity-report",
            "noted",
            "Activity report 2028–2029 noted",
            "2028–2029 활동 보고 접수",
            agenda_seq=1,
        )
        for row in admitted_2029[:2]:
            row["joined_on"] = excom["starts_on"]  # admitted at this meeting
            self.decide(
                excom,
                f"admitted-{row['member_id']}",
                "approved",
                f"{row['name_en']} admitted",
                f"{row['name_ko'] or row['name_en']} 가입 승인",
                agenda_seq=2,
                member_id=row["member_id"],
            )
        if applicants_2029:
            row = applicants_2029[0]
            self.decide(
                excom,
                f"deferred-{row['member_id']}",
                "deferred",
                f"Application of {row['name_en']} deferred pending documents",
                f"{row['name_ko'] or row['name_en']} 가입 신청 보류 (서류 보완)",
                agenda_seq=2,
                member_id=row["member_id"],
            )
        self.decide(
            excom, "fee-reform-rejected", "rejected", "Membership fee reform rejected", "회비 개편안 부결", agenda_seq=3
        )
        self.decide(
            excom,
            "host-2030",
            "elected",
            f"{next_city} elected host of the 2030 EXCOM meeting",
            f"2030 집행위원회 개최도시로 {self.members[next_host]['name_ko'] or next_city} 선출",
            agenda_seq=4,
            member_id=next_host,
        )

        # The meeting in view: an agenda, no decision yet.
        self.add_agenda(
            m[2030]["excom"],
            [
                ("report", "overview", None, "Secretariat activity report 2029–2030", "2029–2030 사무국 활동 보고"),
                ("deliberation", "members", "status=applicant", "Admission of new members", "신규 회원 가입 심의"),
                (
                    "decision",
                    "budget",
                    None,
                    f"Settlement of the {SETTLED_YEAR} budget",
                    f"{SETTLED_YEAR}년 예산 결산 승인",
                ),
                (
                    "report",
                    "maturity",
                    None,
                    "Members' digital maturity: the CeDS diagnoses and their countries' EGDI",
                    "회원도시 전자정부 성숙도: CeDS 진단과 소속 국가의 EGDI",
                ),
                (
                    "deliberation",
                    "events",
                    "kind=general_assembly",
                    "Preparations for the 8th General Assembly",
                    "제8차 총회 준비 현황",
                ),
            ],
        )

    # ---------------------------------------------------------------------------------------------- figures

    def figure(self, name: str, as_of: datetime.date, precision: str, value: int, note: str, note_ko: str) -> None:
        self.add(
            "reported_figures",
            figure=name,
            as_of=as_of,
            as_of_precision=precision,
            value=value,
            note_en=note,
            note_ko=note_ko,
            source=self.source,
        )

    def add_figures(self, settlement: dict[str, int]) -> None:
        rng = self.rng
        total = 213
        dates = {2026: "2026-06-01", 2027: "2027-06-01", 2028: "2028-06-01", 2029: "2029-06-01", 2030: "2030-03-01"}
        for day in dates.values():
            total += rng.randint(4, 10)
            self.figure("members_total", _date(day), "month", total, f"{total} members", f"회원 {total}")
        shares = (("asia", 46), ("africa", 19), ("europe", 16), ("americas", 11), ("middle_east", 5), ("oceania", 3))
        counts = {name: total * share // 100 for name, share in shares}
        counts["asia"] += total - sum(counts.values())
        regions_ko = {"asia": "아시아", "africa": "아프리카", "europe": "유럽", "americas": "아메리카"}
        regions_ko |= {"middle_east": "중동", "oceania": "오세아니아"}
        for name, _ in shares:
            note = f"{name.replace('_', ' ').title()} {counts[name]}"
            self.figure(
                f"members_{name}", _date(dates[2030]), "month", counts[name], note, f"{regions_ko[name]} {counts[name]}"
            )
        corporate, institutions = rng.randint(38, 45), rng.randint(18, 24)
        self.figure(
            "members_cities",
            _date(dates[2030]),
            "month",
            total - corporate - institutions,
            "member cities",
            "회원 도시",
        )
        self.figure("members_institutions", _date(dates[2030]), "month", institutions, "institutions", "기관")
        self.figure("members_corporate", _date(dates[2030]), "month", corporate, "corporations", "기업")
        self.figure(
            "member_countries",
            _date(dates[2030]),
            "month",
            rng.randint(62, 68),
            "countries with a member",
            "회원이 있는 나라",
        )
        ga = self.meetings[2027]["general_assembly"]
        self.figure(
            "excom_cities",
            _date(ga["starts_on"]),
            "day",
            19,
            "EXCOM of 19 cities elected for 2027–2030",
            "2027–2030 집행위원회 19개 도시 선출",
        )
        self.figure(
            "regional_offices",
            datetime.date(2027, 12, 31),
            "day",
            6,
            "six regional offices (Eurasia closed)",
            "지역사무소 6곳 (유라시아 폐쇄)",
        )
        self.figure(
            "regional_offices",
            datetime.date(2029, 1, 1),
            "month",
            7,
            "seven regional offices (Oceania opened)",
            "지역사무소 7곳 (오세아니아 개소)",
        )
        self.figure(
            "staff_total", datetime.date(2027, 1, 1), "year", rng.randint(10, 12), "secretariat staff", "사무국 직원"
        )
        self.figure(
            "staff_total", datetime.date(2029, 1, 1), "year", rng.randint(12, 15), "secretariat staff", "사무국 직원"
        )
        for year in (2027, 2028, 2029, 2030):
            if year == SETTLED_YEAR:
                value = settlement["budget"]
            else:
                value = rng.randint(950, 1300) * 1_000_000
            self.figure(
                "budget_total_krw", datetime.date(year, 1, 1), "year", value, f"{year} total budget", f"{year}년 총예산"
            )
            wego = value - rng.randint(40, 80) * 1_000_000
            self.figure(
                "budget_wego_krw",
                datetime.date(year, 1, 1),
                "year",
                wego,
                f"{year} budget paid by WeGO",
                f"{year}년 WeGO 부담 예산",
            )
        published = datetime.date(SETTLED_YEAR + 1, 4, 30)
        for key in ("budget", "granted", "executed"):
            self.figure(
                f"settlement_{SETTLED_YEAR}_{key}_krw",
                published,
                "day",
                settlement[key],
                f"{SETTLED_YEAR} {key}, totals row",
                f"{SETTLED_YEAR}년 {SETTLEMENT_KO[key]}, 합계 행",
            )
        self.figure(
            f"settlement_{SETTLED_YEAR}_unspent_krw",
            published,
            "day",
            settlement["granted"] - settlement["executed"],
            f"{SETTLED_YEAR} unspent, totals row",
            f"{SETTLED_YEAR}년 집행잔액, 합계 행",
        )
        wego_programs = sum(
            int(p["budget_krw"])
            for p in self.tables["programs"]
            if p["fiscal_year"] == str(PLAN_YEAR) and p["funded_by"] == "wego"
        )
        self.figure(
            f"program_budget_wego_{PLAN_YEAR}_krw",
            datetime.date(PLAN_YEAR, 1, 1),
            "year",
            wego_programs,
            "program budgets paid by WeGO",
            "WeGO 부담 사업 예산",
        )

    # ---------------------------------------------------------------------------------------------- all

    def build(self) -> dict[str, list[dict]]:
        self.add_members()
        programs = self.add_programs()
        self.add_statutory_meetings(programs)
        self.add_other_events(programs)
        office = self.change_offices_and_roles()
        settlement = self.add_settlement()
        self.add_agendas_and_decisions(office)
        self.add_figures(settlement)
        return self.tables


# The report's own terms for the settlement's columns (wego-2016-council-report.ko.txt: 예산액, 교부액, 집행액).
SETTLEMENT_KO = {"budget": "예산", "granted": "교부액", "executed": "집행액"}


def write_later_export(dest: Path, seed: int = 42) -> Path:
    """Write the generated export (one CSV per table of the contract) into dest and return dest."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for name, rows in _Later(seed).build().items():
        columns = TABLES[name].column_names
        with (dest / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows({c: row[c] for c in columns} for row in rows)
    # Issue #11: the UN EGDI of every member's country (the new members' too), and test CeDS results through the
    # secretariat's template (tests/maturity_data.py: test configuration, not CeDS's real scale or stages). Without
    # gaps: every city assessed in a round has every domain, so the export keeps the sample's one warning.
    egdi.write_folder(dest, LATER_AS_OF)
    add_ceds(dest, LATER_AS_OF, seed, gaps=False)
    return dest
