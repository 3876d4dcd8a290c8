"""HTML pages (main text extracted, chrome dropped) and the README's SQL examples."""

from __future__ import annotations

import re

import duckdb

import timeline

from .conftest import ROOT

PAGE = """<!doctype html><html lang="en"><head>
<title>Rail traffic surges at border crossing</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2023-10-07T08:00:00Z">
</head><body>
<header><div class="date">Monday, November 25, 2024</div>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>
<article>
<h1>Rail traffic surges at border crossing</h1>
<p>Satellite images show at least 70 freight cars at the Tumangang rail facility on the border,
according to a new report by Beyond Parallel published on Friday.</p>
<p>The report said no more than 20 cars had been seen there in the past five years, a sharp contrast
with the current level of activity at the station.</p>
</article>
<aside><h2>Related articles</h2><ul>
<li><a href="/a">Other story about markets</a> <span>January 23, 2026</span></li>
<li><a href="/b">Yet another story</a> <span>January 22, 2026</span></li></ul></aside>
<footer>Support us: donate today. All rights reserved.</footer>
</body></html>"""


def test_html_page_main_text_and_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    with timeline.open(tmp_path / "t.duckdb") as tl:
        summary = tl.ingest_paths([page])
        assert summary.new == 1, summary.rejected
        (article,) = tl.export()["articles"]
    assert article["outlet"] == "Example Wire"
    assert article["published_at"] == "2023-10-07"
    assert article["document_date"]["basis"] == "metadata"
    assert not any(y in t["text"] for t in article["time_expressions"] for y in ("2024", "2026"))
    claims = article["claims"]
    assert claims and all(c["claimant"]["id"] == "beyond-parallel" for c in claims)
    assert all("Related" not in c["text"] and "donate" not in c["text"] for c in claims)
    past = [c for c in claims if "20 cars" in c["text"]]
    assert past and past[0]["event_start"] == "2018-10-07"


def test_readme_sql_examples_run(seeded_db):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    assert len(blocks) >= 2
    con = duckdb.connect(str(seeded_db), read_only=True)
    try:
        results = [con.execute(sql).fetchall() for sql in blocks]
    finally:
        con.close()
    assert all(results)


def test_readme_python_example_runs(seeded_db, tmp_path, monkeypatch):
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    shutil.copy(seeded_db, tmp_path / "timeline.duckdb")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})  # the README's own example, run as written


def test_every_test_the_guarantees_name_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/\w+\.py)::(\w+)`", section)
    assert len(named) >= 12
    for path, name in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, flags=re.M), f"{path}::{name}"


def test_html_offsets_point_into_the_page_as_given(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE.replace("according to", "according&nbsp;to"), encoding="utf-8")
    raw = page.read_text(encoding="utf-8")
    with timeline.open(tmp_path / "t.duckdb") as tl:
        assert tl.ingest_paths([page]).new == 1
        (article,) = tl.export()["articles"]
    spans = article["claims"] + article["time_expressions"]
    assert spans and any("Tumangang" in raw[c["start"] : c["end"]] for c in article["claims"])
    for span in spans:
        words = [w for w in span["text"].split() if w.isalpha()]
        assert words and all(w in raw[span["start"] : span["end"]] for w in words), span


def test_related_articles_after_the_main_text_of_a_page_give_no_dates(tmp_path):
    page = tmp_path / "page.html"
    body = "".join(
        f"<p>Paragraph {n}: the council said on Tuesday that the bridge would stay closed, officials said.</p>"
        for n in range(4)
    )
    related = "<div class='more'><a href='/x'>Another story about roads</a> 2026-01-18</div>"
    page.write_text(
        f"<html><head><title>Bridge</title></head><body><article>{body}</article>{related}</body></html>",
        encoding="utf-8",
    )
    with timeline.open(tmp_path / "t.duckdb") as tl:
        assert tl.ingest_paths([page]).new == 1
        (article,) = tl.export()["articles"]
    assert article["time_expressions"]
    assert not any("2026" in t["text"] for t in article["time_expressions"])
