"""Snapshots on S3: publishing, listing, reading and the lockdown against moto's S3 server on loopback (issue #8)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import boto3
import duckdb
import pandas as pd
import pytest
import streamlit as st
from conftest import PROJECT, REPORT_ID, SOURCE
from moto.server import ThreadedMotoServer
from streamlit.testing.v1 import AppTest

from wego_data import diff, ingest, queries, snapshots, store
from wego_data.validate import validate_folder
from wego_data.warehouse import UnknownSnapshot, Warehouse

BUCKET = "wego-test"
URI = f"s3://{BUCKET}/snapshots"
SAMPLE_IDS = ["2016-04-26", "2016-10-11-excom", "2025-11-01"]


@pytest.fixture(scope="module")
def s3_env():
    """moto's S3 server on a free loopback port, and the AWS variables that point DuckDB (and boto3) at it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ACCESS_KEY_ID": "wego-test-key",
        "AWS_SECRET_ACCESS_KEY": "wego-test-secret",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
    }
    with pytest.MonkeyPatch.context() as mp:
        for name in ("AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3", "WEGO_S3_ENDPOINT"):
            mp.delenv(name, raising=False)
        for name, value in env.items():
            mp.setenv(name, value)
        mp.delenv("WEGO_SNAPSHOTS", raising=False)
        yield env
    server.stop()


@pytest.fixture(scope="module")
def s3(s3_env):
    """A boto3 client for the test's own look at the bucket (the dashboard itself never uses boto3)."""
    client = boto3.client("s3", endpoint_url=s3_env["AWS_ENDPOINT_URL"])
    for bucket in (BUCKET, "other"):
        client.create_bucket(Bucket=bucket)
    client.put_object(Bucket="other", Key="private/members.parquet", Body=b"PAR1 not for the dashboard")
    client.put_object(Bucket=BUCKET, Key="elsewhere/members.parquet", Body=b"PAR1 outside the prefix")
    return client


def keys(s3, prefix: str) -> dict[str, str]:
    """Every object under a prefix with its ETag, to prove nothing changed."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", ())}


@pytest.fixture(scope="module")
def published(s3, data_dir):
    """The sample exports published to s3://wego-test/snapshots through the same build-sample path as locally."""
    assert ingest.build_sample(data_dir, to=URI) == SAMPLE_IDS
    return URI


@pytest.fixture(scope="module")
def s3_wh(published):
    wh = Warehouse(published, audience="committee")
    yield wh
    wh.close()


def test_build_sample_publishes_every_sample_with_its_manifest(published, data_dir, s3):
    listed = snapshots.list_snapshots(published)
    assert [s.snapshot_id for s in listed] == SAMPLE_IDS
    for snap, local in zip(listed, snapshots.list_snapshots(data_dir)):
        assert (snap.as_of, snap.label, snap.label_ko) == (local.as_of, local.label, local.label_ko)
        assert (snap.row_counts, snap.inputs, snap.warnings) == (local.row_counts, local.inputs, local.warnings)
        assert snap.path == f"{URI}/{snap.snapshot_id}"
    objects = keys(s3, "snapshots/")
    assert {k.split("/")[1] for k in objects} == set(SAMPLE_IDS)
    report = [k for k in objects if k.startswith(f"snapshots/{REPORT_ID}/")]
    assert len(report) == 16 and f"snapshots/{REPORT_ID}/manifest.json" in report  # fifteen tables and the manifest


def test_the_warehouse_lists_what_is_on_s3(s3_wh):
    assert [s.snapshot_id for s in s3_wh.snapshots()] == SAMPLE_IDS
    assert s3_wh.snapshot(REPORT_ID).table_path("members").startswith(f"{URI}/{REPORT_ID}/")
    with pytest.raises(UnknownSnapshot):
        s3_wh.snapshot("2016-04-27")
    with pytest.raises(UnknownSnapshot):
        s3_wh.snapshot("../elsewhere")


# The overview's headline figures and chart, and the other pages' main tables: whole frames, compared as they are.
SAME_ON_BOTH = [
    ("latest_figures", lambda wh, sid: wh.query("latest_figures", sid)),
    ("figure_history", lambda wh, sid: queries.figure_history(wh, sid, figure="members_total")),
    ("members", lambda wh, sid: queries.members(wh, sid)),
    ("members_by_region", lambda wh, sid: queries.members_by_region(wh, sid)),
    ("offices", lambda wh, sid: queries.offices(wh, sid)),
    ("budget_totals_2015", lambda wh, sid: pd.DataFrame([queries.budget_totals(wh, sid, fiscal_year=2015)])),
    ("budget_totals_2016", lambda wh, sid: pd.DataFrame([queries.budget_totals(wh, sid, fiscal_year=2016)])),
    ("budget_lines", lambda wh, sid: queries.budget_lines(wh, sid, fiscal_year=2015)),
    ("spending", lambda wh, sid: queries.spending(wh, sid, fiscal_year=2015)),
    ("upcoming_events", lambda wh, sid: queries.upcoming_events(wh, sid)),
    ("meetings", lambda wh, sid: queries.meetings(wh, sid)),
    ("decisions", lambda wh, sid: queries.decisions(wh, sid)),
]


@pytest.mark.parametrize("snapshot_id", ["2016-04-26", "2016-10-11-excom"])
@pytest.mark.parametrize("name,run", SAME_ON_BOTH, ids=[name for name, _ in SAME_ON_BOTH])
def test_a_query_on_s3_returns_the_same_frame_as_locally(s3_wh, warehouse, name, run, snapshot_id):
    on_s3, local = run(s3_wh, snapshot_id), run(warehouse, snapshot_id)
    assert len(local) > 0
    pd.testing.assert_frame_equal(on_s3, local)


def test_diff_between_snapshots_on_s3_equals_the_local_one(s3_wh, warehouse):
    assert diff.diff(s3_wh, "2016-04-26", "2025-11-01") == diff.diff(warehouse, "2016-04-26", "2025-11-01")


def publish_report(base):
    return ingest.ingest(SOURCE / REPORT_ID, as_of=dt.date(2016, 4, 26), label="retry", base=base)


@pytest.mark.parametrize("stop_at", ["manifest", "third table"])
def test_a_half_published_snapshot_is_never_listed_and_a_retry_publishes(s3, monkeypatch, stop_at):
    uri = f"s3://{BUCKET}/half-{stop_at.replace(' ', '-')}"
    real_parquet, calls = store.write_parquet, []

    def crash_on_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("connection reset")
        return real_parquet(*args, **kwargs)

    def crash(*args, **kwargs):
        raise OSError("connection reset")

    with monkeypatch.context() as mp:
        if stop_at == "manifest":
            mp.setattr(store, "write_manifest", crash)
        else:
            mp.setattr(store, "write_parquet", crash_on_third)
        with pytest.raises(OSError):
            publish_report(uri)
    prefix = uri.removeprefix(f"s3://{BUCKET}/") + "/"
    leftovers = keys(s3, prefix)
    assert leftovers and all(k.endswith(".parquet") for k in leftovers)  # tables written, no manifest
    assert snapshots.list_snapshots(uri) == []
    assert not snapshots.exists(REPORT_ID, uri)
    wh = Warehouse(uri, audience="committee")
    assert wh.snapshots() == []
    with pytest.raises(UnknownSnapshot):
        wh.snapshot(REPORT_ID)

    snap, _ = publish_report(uri)
    assert [s.snapshot_id for s in wh.snapshots()] == [REPORT_ID]
    # The retry wrote a build of its own; its manifest names none of the leftovers.
    assert not {f"{prefix}{REPORT_ID}/{name}" for name in snap.files.values()} & set(leftovers)
    assert queries.row_counts(wh, REPORT_ID)["members"] == snap.row_counts["members"]
    wh.close()


def test_publishing_an_existing_id_is_refused_and_changes_nothing(published, s3):
    before = keys(s3, "snapshots/")
    with pytest.raises(ingest.IngestError, match="already exists"):
        publish_report(published)
    tables = validate_folder(SOURCE / REPORT_ID).tables
    with pytest.raises(snapshots.SnapshotExists):
        snapshots.publish(
            tables, snapshot_id=REPORT_ID, as_of=dt.date(2016, 4, 26), label="b", inputs={}, warnings=[], base=published
        )
    assert keys(s3, "snapshots/") == before


def test_a_damaged_manifest_on_s3_hides_only_that_snapshot(s3):
    uri = f"s3://{BUCKET}/damaged"
    publish_report(uri)
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=f"damaged/{REPORT_ID}/manifest.json")["Body"].read())
    # A manifest may only name its own build's files: one pointing anywhere else is damaged, not followed.
    manifest["files"]["members"] = "../../elsewhere/members.parquet"
    s3.put_object(Bucket=BUCKET, Key="damaged/2016-04-27/manifest.json", Body=json.dumps(manifest).encode())
    s3.put_object(Bucket=BUCKET, Key="damaged/2016-05-01/manifest.json", Body=b"{not json")
    s3.put_object(Bucket=BUCKET, Key="damaged/not-an-id/manifest.json", Body=b"{}")
    with pytest.warns(UserWarning) as caught:
        assert [s.snapshot_id for s in snapshots.list_snapshots(uri)] == [REPORT_ID]
    assert sorted(str(w.message).split()[1] for w in caught) == ["2016-04-27", "2016-05-01"]
    with pytest.raises(KeyError):
        snapshots.get_snapshot("2016-04-27", uri)


def run_cli(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "wego_data", *args],
        cwd=PROJECT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_publishes_to_and_lists_the_location_given(s3_env, s3, tmp_path):
    uri = f"s3://{BUCKET}/cli"
    env = {**s3_env, "WEGO_DATA_DIR": str(tmp_path)}  # an empty data folder: everything below is on S3
    out = run_cli("ingest", str(SOURCE / REPORT_ID), "--as-of", "2016-04-26", "--snapshots", uri, env=env)
    assert out.returncode == 0, out.stderr
    assert f"published snapshot {REPORT_ID}" in out.stdout
    assert REPORT_ID in run_cli("list", env={**env, "WEGO_SNAPSHOTS": uri}).stdout
    assert "no snapshots" in run_cli("list", env=env).stdout
    again = run_cli("ingest", str(SOURCE / REPORT_ID), "--as-of", "2016-04-26", "--snapshots", uri, env=env)
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = run_cli("list", "--snapshots", "s3://Not_A_Bucket/x", env=env)
    assert bad.returncode == 1 and "is not an S3 location" in bad.stderr


# ---- the lockdown: the same statements are refused on S3 as on a local folder ------------------------------------

REFUSED = [
    "select * from read_parquet('s3://other/private/members.parquet')",
    "select * from read_parquet('s3://wego-test/elsewhere/members.parquet')",
    "select * from read_parquet('s3://wego-test/snapshots/../elsewhere/members.parquet')",
    "select * from glob('s3://wego-test/*')",
    "select * from read_csv('/etc/passwd')",
    "copy (select 1 as x) to 's3://other/written.csv'",
    "set enable_external_access = true",
    "set allowed_directories = ['/']",
    "set s3_endpoint = 'example.com'",
    "reset lock_configuration",
    "attach '/tmp/wego-attached.duckdb' as elsewhere",
    "attach 's3://other/private/db.duckdb' as elsewhere",
    "install httpfs",
    "install spatial",
    "load '/tmp/evil.duckdb_extension'",
]


@pytest.fixture(params=["local", "s3"])
def any_wh(request, data_dir):
    wh = (
        Warehouse(data_dir, audience="committee")
        if request.param == "local"
        else Warehouse(request.getfixturevalue("published"), audience="committee")
    )
    yield wh
    wh.close()


@pytest.mark.parametrize("sql", REFUSED)
def test_the_gateway_refuses_anything_outside_its_location(any_wh, sql, s3):
    cursor = any_wh._con.cursor()  # the gateway's own connection: what any query it runs could do
    with pytest.raises(duckdb.Error, match="Permission Error|configuration has been locked|disabled by config"):
        cursor.execute(sql)
    assert "written.csv" not in {o["Key"] for o in s3.list_objects_v2(Bucket="other").get("Contents", ())}


def test_the_gateway_still_reads_its_own_location(any_wh):
    assert queries.row_counts(any_wh, REPORT_ID)["members"] > 0


@pytest.mark.parametrize(
    "text,problem",
    [
        ("s3://", "is not an S3 location"),
        ("s3://b/x", "is not an S3 location"),
        ("s3://bucket/a/../b", "is not an S3 location"),
        ("s3://bucket/a b", "is not an S3 location"),
        ("gs://bucket/x", "is not a snapshot location"),
        ("https://example.com/x", "is not a snapshot location"),
    ],
)
def test_a_location_is_checked_before_use(text, problem):
    with pytest.raises(store.StoreError, match=problem):
        store.parse(text)


@pytest.mark.parametrize(
    "env,expected",
    [
        ({}, ("s3.amazonaws.com", True, "vhost", "us-east-1")),
        ({"AWS_ENDPOINT_URL": "http://127.0.0.1:9000"}, ("127.0.0.1:9000", False, "path", "us-east-1")),
        (
            {"WEGO_S3_ENDPOINT": "minio.lan:9000", "AWS_DEFAULT_REGION": "eu-west-1"},
            ("minio.lan:9000", True, "path", "eu-west-1"),
        ),
        (
            {"AWS_ENDPOINT_URL": "https://s3.example.com", "WEGO_S3_URL_STYLE": "vhost"},
            ("s3.example.com", True, "vhost", "us-east-1"),
        ),
        (
            {"AWS_REGION": "ap-northeast-2", "AWS_DEFAULT_REGION": "eu-west-1"},
            ("s3.amazonaws.com", True, "vhost", "ap-northeast-2"),
        ),
        (
            {"AWS_ENDPOINT_URL": "http://localhost:9000", "WEGO_S3_USE_SSL": "true"},
            ("localhost:9000", True, "path", "us-east-1"),
        ),
    ],
)
def test_s3_settings_come_from_the_aws_variables(env, expected):
    settings = store.S3Settings.from_env(env)
    assert (settings.endpoint, settings.use_ssl, settings.url_style, settings.region) == expected


def test_the_secret_never_shows_in_a_repr():
    settings = store.S3Settings.from_env({"AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "hunter2"})
    assert settings.secret == "hunter2" and "hunter2" not in repr(settings)


# ---- end to end: the dashboard on snapshots that live only on S3 --------------------------------------------------


@pytest.fixture
def app_on_s3(published, monkeypatch, tmp_path):
    monkeypatch.setenv("WEGO_SNAPSHOTS", published)
    monkeypatch.setenv("WEGO_DATA_DIR", str(tmp_path))  # an empty data folder: the snapshots can only come from S3
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_dashboard_shows_the_2016_overview_from_s3(app_on_s3):
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    at.query_params["snapshot"] = REPORT_ID
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric} == {
        "Members (reported)": "100",
        "EXCOM cities": "14",
        "Regional offices": "2",
        "Secretariat staff": "8",
        "Budget 2016 (thousand KRW)": "837,987",
        "Execution 2015": "99.8%",
    }
    at.switch_page("pages/budget.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Executed (thousand KRW)"] == "636,311"
