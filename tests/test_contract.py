"""docs/data.md is the contract validation enforces: its generated block equals the schema (issue #2)."""

from conftest import PROJECT

from wego_data import contract_doc
from wego_data.schema import TABLES


def test_docs_hold_the_generated_contract():
    text = (PROJECT / "docs" / "data.md").read_text(encoding="utf-8")
    assert contract_doc.render() in text, "docs/data.md is stale: regenerate with `python -m wego_data contract`"


def test_every_table_and_column_is_documented():
    text = (PROJECT / "docs" / "data.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"### `{table.name}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text


def test_money_columns_are_krw_integers():
    for table in TABLES.values():
        for column in table.columns:
            if column.name.endswith("_krw"):
                assert column.type == "int" and column.unit == "KRW" and column.min == 0
