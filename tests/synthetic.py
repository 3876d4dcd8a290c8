"""Short generated articles for the long tests (crashes, concurrent ingest): distinct texts, claims in several
languages, a JSONL file the CLI and the server both accept."""

from __future__ import annotations

import json
import os
from pathlib import Path

_TEMPLATES = [
    ("vi", "Theo Reuters, hôm {d}/10 giá dầu tại Hà Nội đã tăng {n} phần trăm so với tuần trước."),
    ("en", "According to the ministry, {n} railcars crossed the border at Tumangang on October {d}."),
    ("uk", "За словами міністра, {d} жовтня ціни на пальне зросли на {n} відсотків."),
    ("id", "Menurut kementerian, pada {d} Oktober harga beras naik {n} persen di Jakarta."),
    ("de", "Laut dem Ministerium stiegen die Preise am {d}. Oktober um {n} Prozent."),
]


def full_size() -> bool:
    """Long tests run at full size with TIMELINE_FULL_TESTS=1, else in a bounded mode fit for CI."""
    return os.environ.get("TIMELINE_FULL_TESTS", "") not in ("", "0")


def article(i: int) -> dict[str, str]:
    """The i-th generated article (a JSONL record); every i gives a different text."""
    language, template = _TEMPLATES[i % len(_TEMPLATES)]
    text = template.format(d=1 + i % 28, n=10 + i) + f" (bản tin số {i})"
    return {"text": text, "source": f"synthetic-{i}", "language": language, "published_at": "2023-10-30"}


def write_jsonl(path: Path, count: int) -> Path:
    """``count`` generated articles as JSON Lines."""
    path.write_text("".join(json.dumps(article(i), ensure_ascii=False) + "\n" for i in range(count)), encoding="utf-8")
    return path
