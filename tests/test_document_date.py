"""The document date without metadata: page stamps, "today" headers and bylines, in several languages.

Every page here is written for these tests. Each has a page header above the headline that must not set
the document date (a print or save stamp, a "today" header naming the weekday, a login bar) and a
publication stamp or byline that must; none of the header's dates may become a time expression.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline.data import gazetteer_records
from timeline.domain.model import ArticleInput
from timeline.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(gazetteer_records())


BODY = {
    "fr": (
        "La mairie a annoncé mardi la fermeture de la piscine municipale pour travaux, a indiqué son adjoint "
        "aux sports. Les bassins rouvriront en mai, selon la mairie, qui évoque un chantier de 2,4 "
        "millions d'euros engagé depuis 2023."
    ),
    "es": (
        "El ayuntamiento anunció el martes el cierre de la piscina municipal por obras, según informó su "
        "concejal de deportes. Las instalaciones reabrirán en mayo, añadió el consistorio, que cifra "
        "la obra en 2,4 millones de euros desde 2023."
    ),
    "uk": (
        "Міська рада у вівторок оголосила про закриття басейну на ремонт, повідомив заступник міського "
        "голови. За його словами, басейн планують відкрити у травні, а роботи коштуватимуть 2,4 мільйона гривень, "
        "виділених ще у 2023 році."
    ),
    "de": (
        "Die Stadt hat am Dienstag die Schließung des Hallenbads angekündigt, sagte der Sportdezernent. "
        "Das Bad soll im Mai wieder öffnen, teilte die Stadt mit; die Arbeiten kosten 2,4 Millionen "
        "Euro und laufen seit 2023."
    ),
    "ja": (
        "市は15日、市民プールを改修のため閉鎖すると発表した。市によると、再開は5月の予定で、"
        "改修費は約2億4千万円に上り、2023年から準備を進めてきたという。"
    ),
    "ko": (
        "시는 지난 15일 시민수영장을 보수 공사를 위해 폐쇄한다고 밝혔다. 시 관계자는 "
        '"5월에 다시 문을 열 계획"이라며 "공사비는 24억 원"이라고 말했다. 시는 2023년부터 공사를 준비해 왔다.'
    ),
    "zh": (
        "市体育局15日宣布，市游泳馆将因改造工程暂时关闭。该局负责人表示，游泳馆预计5月重新开放，"
        "改造费用约2400万元，相关准备工作自2023年起已陆续展开。"
    ),
}

# (language, page header that must not date the page, headline, stamp or byline that must, its day)
PAGES = [
    (
        "fr",
        "Imprimé le 19/03/2026",
        "Piscine : fermeture pour travaux",
        "Publié le 17/03/2026 à 07h10",
        date(2026, 3, 17),
    ),
    ("fr", "mercredi 18 mars 2026", "Piscine : fermeture pour travaux", "17/03/2026 à 18h05", date(2026, 3, 17)),
    (
        "es",
        "Consultado el 20/03/2026",
        "Cierra la piscina municipal",
        "Sevilla | Publicado 17/03/2026 08:15",
        date(2026, 3, 17),
    ),
    (
        "uk",
        "Роздруковано: 21.03.2026 08:14 · misto-online.com.ua",
        "Басейн закривають",
        "17.03.2026 18:40 | Олег Коваль",
        date(2026, 3, 17),
    ),
    ("de", "Gedruckt am 19.03.2026", "Hallenbad schließt", "Veröffentlicht: 17.03.2026, 16:12 Uhr", date(2026, 3, 17)),
    ("ja", "2026年3月19日（木）", "市民プール閉鎖へ", "2026/03/16 06:00", date(2026, 3, 16)),
    ("ko", "2026년 3월 19일 (목) 로그인 회원가입", "시민수영장 폐쇄", "입력 2026.03.16 17:20", date(2026, 3, 16)),
    ("zh", "抓取时间：2026-03-19 08:12", "市游泳馆暂停开放", "发布时间：2026-03-16 09:58", date(2026, 3, 16)),
]


@pytest.mark.parametrize(("language", "header", "headline", "stamp", "day"), PAGES)
def test_a_publication_stamp_or_byline_dates_the_page_and_a_header_never_does(
    extractor, language, header, headline, stamp, day
):
    text = f"{header}\n\n{headline}\n\n{stamp}\n\n{BODY[language]}\n"
    found = extractor.extract(ArticleInput(text=text, source="page.txt", language=language))
    assert found.document_date.basis == "dateline"
    assert found.document_date.value.start == day
    header_end = text.index(headline)
    assert [t.text for t in found.time_expressions if t.start < header_end] == []
    # the body's dates are read against that day: "September" is the one after it, "2023" stays 2023
    years = {t.value.start.year for t in found.time_expressions if t.value is not None and t.start > header_end}
    assert years <= {2023, 2026} and 2023 in years


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("fr", "Imprimé le 19/03/2026"),
        ("uk", "Збережено: 21.03.2026 07:52"),
        ("de", "Abgerufen am 19.03.2026"),
        ("ja", "2026年3月19日（木）"),
        ("zh", "2026年3月19日 星期四 | 登录 | 注册"),
    ],
)
def test_a_print_stamp_or_today_header_alone_leaves_the_date_to_the_body(extractor, language, header):
    text = f"{header}\n\nHeadline\n\n{BODY[language]}\n"
    found = extractor.extract(ArticleInput(text=text, source="page.txt", language=language))
    assert found.document_date.basis in ("body", "none")
    assert [t.text for t in found.time_expressions if t.start < text.index("Headline")] == []


def test_a_sentence_about_publishing_is_no_stamp(extractor):
    text = (
        "Rapport sur l'eau\n\nLe rapport a été publié le 17/03/2026 par la préfecture, a indiqué le maire.\n\n"
        "Selon la préfecture, les nappes ont baissé depuis 2023, a précisé le maire, qui attend des mesures.\n"
    )
    found = extractor.extract(ArticleInput(text=text, source="page.txt", language="fr"))
    assert any(t.text.endswith("17/03/2026") for t in found.time_expressions)
    assert any("publié le 17/03/2026" in c.text for c in found.claims)
