"""The dbt models stay portable and readable: sqlfluff passes, and no DuckDB-only syntax creeps in."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODELS = sorted((REPO / "dbt_project" / "models").rglob("*.sql"))


def test_sqlfluff_lint_passes():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "sqlfluff"), "lint", "dbt_project/models", "dbt_project/tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_no_duckdb_only_syntax_in_models():
    forbidden = [r"::", r"\bgroup by all\b", r"\bstrptime\s*\(", r"\bread_(parquet|csv|json)\w*\s*\("]
    for model in MODELS:
        sql = model.read_text(encoding="utf-8").lower()
        for pattern in forbidden:
            assert not re.search(pattern, sql), f"{model.name}: {pattern}"


def test_every_mart_and_column_is_described_in_english_with_the_vietnamese_term():
    """What `htx docs` shows analysts: English, with the Vietnamese term a provincial report would use."""
    import yaml

    vietnamese = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
    missing = []
    for path in sorted((REPO / "dbt_project" / "models" / "marts").glob("*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            described = [(model["name"], model.get("description", ""))]
            described += [(f"{model['name']}.{c['name']}", c.get("description") or "") for c in model["columns"]]
            missing += [name for name, text in described if not (text.strip() and vietnamese.search(text))]
    assert not missing, missing
