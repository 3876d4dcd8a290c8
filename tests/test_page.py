"""The timeline page in a real headless Chromium, served by a real `timeline serve`."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import timeline

from .conftest import ROOT, SEEDS, serving

HOSTILE = (
    "Theo Bộ Ngoại giao, hôm 5/10 tàu đã qua ga Tumangang với 70 toa "
    '<script>document.body.setAttribute("data-pwned", "1")</script><img src=x onerror="document.title=\'pwned\'">.\n'
)


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium on this machine (install the Debian package `chromium`; .ci/run does)")


def _chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=20000",
    ]
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=120)


def test_page_shows_the_claims_with_their_quotes_and_runs_no_injected_script(seeded_db, tmp_path):
    browser = _browser()
    db = tmp_path / "page.duckdb"
    shutil.copy(seeded_db, db)
    hostile = tmp_path / "hostile.jsonl"
    record = {"text": HOSTILE, "published_at": "2023-10-07", "outlet": "<b>Evil</b> outlet", "language": "vi"}
    hostile.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with timeline.open(db) as tl:
        assert tl.ingest_paths([hostile]).new == 1
        quotes = list(tl.claims(about="Tumangang")["text"])
    with serving(db) as server:
        url = server.url + "/?about=Tumangang"
        dom = _chromium(browser, tmp_path / "profile", "--dump-dom", url).stdout
        shot = ROOT / "artifacts" / "timeline-page.png"
        shot.parent.mkdir(exist_ok=True)
        _chromium(browser, tmp_path / "profile2", f"--screenshot={shot}", "--window-size=1400,900", url)
    assert 'data-ready="true"' in dom, dom[-2000:]
    shown = [html.unescape(q) for q in re.findall(r'data-quote="([^"]*)"', dom)]
    assert set(quotes) <= set(shown)  # every Tumangang claim is on the timeline
    titles = [html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", dom)]
    assert set(quotes) <= set(titles)  # hovering shows the quote
    body_tag = re.search(r"<body[^>]*>", dom).group(0)
    assert "data-pwned" not in body_tag  # the injected <script> did not run
    assert re.search(r"<head>.*<title>timeline", dom, flags=re.S)  # nor did the onerror handler
    assert any("<script>" in q for q in shown)  # the hostile text is shown as text, not run
    assert shot.exists() and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_page_is_served_with_its_script_and_no_remote_assets(server):
    import urllib.request

    with urllib.request.urlopen(server.url + "/", timeout=30) as resp:
        page = resp.read().decode()
    with urllib.request.urlopen(server.url + "/static/timeline.js", timeout=30) as resp:
        script = resp.read().decode()
    assert "/static/timeline.js" in page and "textContent" in script
    assert "innerHTML" not in script and "http" not in re.sub(r"https\?:|SVGNS = \"[^\"]+\"", "", script)
    assert not re.search(r"(src|href)=\"https?://", page)
    assert (SEEDS / "metadata.json").exists()


@pytest.mark.slow
def test_page_draws_every_claim_of_a_large_timeline(tmp_path):
    """Every claim of a large timeline is drawn (10,000 articles with TIMELINE_FULL_TESTS=1; 1,500 in CI)."""
    from .synthetic import full_size, write_jsonl

    browser = _browser()
    count = 10_000 if full_size() else 1_500
    db = tmp_path / "large.duckdb"
    with timeline.open(db) as tl:
        assert tl.ingest_paths([write_jsonl(tmp_path / "large.jsonl", count)]).new == count
        claims = tl.claims()
    dated = claims.filter(claims["event_start"].is_not_null() | claims["stated_start"].is_not_null()).height
    assert dated >= count  # every generated article states at least one dated claim
    with serving(db) as server:
        dom = _chromium(browser, tmp_path / "profile", "--dump-dom", server.url + "/?about=").stdout
    assert 'data-ready="true"' in dom, dom[-2000:]
    drawn = int(re.search(r'data-marks="(\d+)"', dom).group(1))
    assert drawn == dated
    assert len(re.findall(r'class="claim (?:point|range)', dom)) == dated
    print(f"{drawn} claims drawn")  # the draw time is in data-draw-ms (real time only outside --virtual-time-budget)
