"""Extraction behaviour through the pure Python API, on small texts written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.data import gazetteer_records
from timeline.domain.model import ArticleInput
from timeline.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(gazetteer_records())


def run(extractor: Extractor, text: str, language: str | None = None, published: date | None = None):
    return extractor.extract(ArticleInput(text=text, source="t.txt", language=language, published_at=published))


def values(extraction) -> dict[str, tuple[str, str] | None]:
    return {
        t.text: (t.value.start.isoformat(), t.value.end.isoformat()) if t.value else None
        for t in extraction.time_expressions
    }


def test_numbers_with_separators_are_never_dates(extractor):
    text = (
        "Nga sản xuất 2,5 triệu quả đạn mỗi năm, theo Bộ Quốc phòng. Lực lượng này bắn 60.000 viên "
        "mỗi ngày và có 1.000 container."
    )
    found = values(run(extractor, text, "vi", date(2023, 10, 7)))
    assert not any(k.startswith(("2,5", "60.000", "1.000")) for k in found)


def test_partial_dates_take_the_year_of_the_document_date(extractor):
    text = "Theo Bộ Ngoại giao, hôm 6/10 hai bên đã gặp nhau tại Hà Nội để thảo luận về thương mại."
    found = values(run(extractor, text, "vi", date(2024, 10, 9)))
    assert found["6/10"] == ("2024-10-06", "2024-10-07")


def test_month_name_alone_is_the_latest_such_month_before_the_document(extractor):
    text = "Зустріч відбулася у вересні, повідомило міністерство закордонних справ України цього тижня."
    found = values(run(extractor, text, "uk", date(2024, 3, 2)))
    assert found["у вересні"] == ("2023-09-01", "2023-10-01")


def test_anchored_durations_end_at_the_document_date(extractor):
    text = "According to the ministry, exports fell over the past three years, officials said on Monday."
    found = values(run(extractor, text, "en", date(2022, 6, 15)))
    key = next(k for k in found if "three years" in k)
    assert found[key] == ("2019-06-15", "2022-06-15")


def test_without_a_document_date_relative_expressions_stay_unresolved(extractor):
    text = "Menurut laporan itu, harga beras naik bulan lalu dan tahun ini akan naik lagi, kata pejabat."
    extraction = run(extractor, text, "id")
    assert extraction.document_date.basis == "none"
    found = values(extraction)
    assert "bulan lalu" in found and found["bulan lalu"] is None


def test_page_header_date_does_not_become_the_document_date(extractor):
    text = (
        "Monday, November 25, 2024\nTrang chủ\n\nNgày 18-10, Ngoại trưởng Nga đã đến thăm Triều Tiên trong "
        "năm 2023, theo hãng tin AFP, và gặp nhiều quan chức cấp cao của nước này.\n"
    )
    extraction = run(extractor, text, "vi")
    assert extraction.document_date.value is None or extraction.document_date.value.start.year != 2024
    assert not any("2024" in t.text for t in extraction.time_expressions)


def test_related_article_lists_are_chrome(extractor):
    body = (
        "Уряд заявив, що нова програма допомоги запрацює наступного місяця, повідомляє агентство. "
        "За словами міністра, на неї виділять значні кошти з державного бюджету країни.\n"
    )
    chrome = "Статті\n\nКраїна\n23.01.2026\n16:00\n\nЯкийсь інший заголовок статті про зовсім інше\n"
    extraction = run(extractor, body + "\n" + chrome, "uk", date(2023, 10, 6))
    assert all(t.start < len(body) for t in extraction.time_expressions)
    assert all(c.end <= len(body) for c in extraction.claims)


@pytest.mark.parametrize("name", ["Tumangang", "Tumanggang", "Туманганг", "تومانغانغ"])
def test_one_place_across_spellings_and_scripts(extractor, name):
    text = f"The report said traffic at {name} station rose sharply, according to the group."
    ids = {m.entity.id for m in run(extractor, text, "en").mentions}
    assert "tumangang" in ids


def test_claimant_is_resolved_from_a_named_source_and_an_anaphor(extractor):
    text = (
        "Traffic rose sharply, according to a new report by Beyond Parallel.\n"
        "The report said no more than 20 cars were seen in the past five years.\n"
    )
    claims = run(extractor, text, "en", date(2023, 10, 7)).claims
    assert [c.claimant.id if c.claimant else None for c in claims] == ["beyond-parallel", "beyond-parallel"]
    assert claims[1].event_time is not None and claims[1].event_time.start == date(2018, 10, 7)


def test_denials_are_marked(extractor):
    text = "The Kremlin denied the accusations, saying Washington had no evidence of any transfer."
    claims = run(extractor, text, "en", date(2023, 10, 17)).claims
    assert claims and claims[0].stance == "denial"


def test_language_is_identified_when_not_given(extractor):
    text = "Pasukan Rusia menembakkan sekitar 60.000 peluru setiap hari, menurut data dari pemerintah Ukraina."
    assert run(extractor, text).language == "id"


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_extraction_never_raises_and_intervals_are_ordered(extractor, text):
    extraction = run(extractor, text, None, date(2023, 10, 7))
    for t in extraction.time_expressions:
        assert 0 <= t.start < t.end <= len(text)
        assert t.text == text[t.start : t.end]
        if t.value is not None:
            assert t.value.start < t.value.end
    for c in extraction.claims:
        assert c.text == text[c.start : c.end]


@settings(max_examples=100, deadline=None)
@given(
    day=st.integers(1, 31),
    month=st.integers(1, 12),
    year=st.integers(1990, 2030),
    lang=st.sampled_from(["vi", "id", "uk", "ar", "en"]),
)
def test_numeric_dates_resolve_to_valid_days_or_nothing(extractor, day, month, year, lang):
    text = f"{day:02d}/{month:02d}/{year} "
    extraction = run(extractor, text, lang, date(2023, 10, 7))
    for t in extraction.time_expressions:
        assert t.value is not None
        assert t.value.start.year == year


@pytest.mark.parametrize(
    ("language", "text", "outlet"),
    [
        ("en", "A senior US official told Reuters that North Korea had shipped 1,000 containers.", "reuters"),
        ("zh", "一位不愿具名的商务部官员对法新社表示，北京正在研究出台更多措施稳定外贸。", "afp"),
        ("ko", '익명을 요구한 한 정부 당국자는 연합뉴스에 "북한이 이미 러시아에 포탄을 넘겼다"고 말했다.', "yonhap"),
        (
            "ar",
            "ونقلت وكالة أسوشيتد برس عن مسؤول أمريكي طلب عدم نشر اسمه قوله إن الصين اشترت 80 في المئة من النفط.",
            "associated-press",
        ),
    ],
)
def test_an_unnamed_official_is_the_claimant_and_the_outlet_is_the_channel(extractor, language, text, outlet):
    claims = run(extractor, text, language, date(2024, 2, 7)).claims
    assert len(claims) == 1
    claim = claims[0]
    assert claim.claimant is not None and claim.claimant.kind == "person"  # the unnamed official
    assert claim.via is not None and claim.via.id == outlet
    assert outlet not in {e.id for e in claim.entities}


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("zh", "云南省统计局发言人张伟在新闻发布会上表示，过去五年云南进出口年均增长8.6%。", "张伟"),
        ("ko", "한국의 2월 수출이 역대 최대를 기록했다고 산업통상자원부가 14일 밝혔다.", "산업통상자원부"),
        ("ja", "財務省が19日発表した貿易統計によると、輸出額は13.5%増えた。", "財務省"),
        ("it", "L'economia è cresciuta del 5,2%, ha reso noto mercoledì l'Istituto di statistica.", "Istituto"),
        ("es", "La sonda aterrizó a 55 metros del objetivo, anunció este jueves la Agencia Espacial.", "Agencia"),
        ("de", "Das meldete die staatliche Nachrichtenagentur Xinhua.", "Xinhua"),
    ],
)
def test_speakers_not_in_the_gazetteer_are_found_by_word_order(extractor, language, text, speaker):
    claims = run(extractor, text, language, date(2024, 3, 14)).claims
    assert claims, text
    assert speaker in (claims[0].claimant_text or "")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "North Korea fired a missile on Monday. The country has launched 10 this year, the ministry said."),
        ("zh", "朝鲜周一发射了一枚导弹。日本防卫省表示，该国今年已发射10枚导弹。"),
        ("vi", "Triều Tiên phóng tên lửa hôm thứ Hai. Bộ Quốc phòng Nhật Bản cho biết nước này đã phóng 10 quả."),
    ],
)
def test_the_country_refers_back_to_the_country_named_last(extractor, language, text):
    claims = run(extractor, text, language, date(2024, 3, 14)).claims
    last = claims[-1]
    assert "north-korea" in {e.id for e in last.entities}


@pytest.mark.parametrize(
    ("language", "text", "published", "expression", "expected"),
    [
        # 5 November 2025 was a Wednesday: "until Friday" is the coming one, two days later
        ("de", "Die Gewerkschaft will den Streik bis Freitag fortsetzen.", date(2025, 11, 5), "Freitag", "2025-11-07"),
        (
            "it",
            "La scuola resterà chiusa fino a venerdì, ha detto il sindaco.",
            date(2025, 11, 5),
            "venerdì",
            "2025-11-07",
        ),
        # "오는 8일" (the coming 8th) written on 5 July is 8 July, not 8 June
        ("ko", "구단은 오는 8일 입단식을 연다고 밝혔다.", date(2024, 7, 5), "8일", "2024-07-08"),
        # "내년 3월" (March next year), "去年10月" (October last year)
        ("ko", "정부는 내년 3월 새 제도를 시행한다고 밝혔다.", date(2024, 7, 5), "3월", "2025-03-01"),
        ("zh", "该公司去年10月宣布裁员。", date(2025, 11, 20), "10月", "2024-10-01"),
    ],
)
def test_future_markers_and_relative_years_fix_the_month_or_day(
    extractor, language, text, published, expression, expected
):
    found = values(run(extractor, text, language, published))
    hits = [v for k, v in found.items() if expression in k]
    assert hits and hits[0] is not None and hits[0][0] == expected


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "fr",
            "« Les commandes ont reculé de 14 % », a déclaré le directeur général, Olivier Trannoy, "
            "lors d'une réunion.",
            "Olivier Trannoy",
        ),
        (
            "pt",
            "O porta-voz do governo, Yoshimasa Hayashi, negou nesta quinta-feira que o Japão esteja em recessão.",
            "Yoshimasa Hayashi",
        ),
        (
            "es",
            "La portavoz socialista en el Parlamento andaluz, Mercedes Lozano, rechazó este jueves "
            "las conclusiones del IDS.",
            "Mercedes Lozano",
        ),
        (
            "uk",
            "«Ми не передавали жодних даних третім особам», — заявив директор «Поділля-Логістик» Олег Мартинюк.",
            "Олег Мартинюк",
        ),
    ],
)
def test_a_role_and_the_name_apposed_to_it_give_the_named_speaker(extractor, language, text, speaker):
    claims = run(extractor, text, language, date(2025, 1, 10)).claims
    assert claims and claims[0].claimant.name == speaker


def test_according_to_data_from_an_institute_outranks_the_subject_of_the_verb(extractor):
    text = (
        "Over the past three months, the United States announced new aid packages for Kyiv worth $8.5 billion, "
        "according to data from the Kiel Institute."
    )
    claims = run(extractor, text, "en", date(2023, 7, 1)).claims
    assert claims and "Kiel" in claims[0].claimant.name
    assert "United States" in [e.name for e in claims[0].entities]


def test_dated_page_stamps_and_related_headlines_give_no_dates(extractor):
    text = (
        "Распечатано 03.03.2025 в 11:42\n"
        "Суд обязал завод выплатить штраф\n"
        "Арбитражный суд в пятницу обязал завод выплатить 184,6 млн рублей за загрязнение реки, "
        "сообщила пресс-служба суда.\n"
        "Читайте также:\n"
        "В Перми запустили онлайн-мониторинг качества воздуха и воды (12.02.2025)\n"
        "Росприроднадзор проверит очистные сооружения Нижнего Тагила этой весной (10.02.2025)\n"
    )
    found = values(run(extractor, text, "ru", date(2025, 2, 15)))
    assert not any("2025" in k for k in found)
    assert "в пятницу" in found


@pytest.mark.parametrize(
    ("language", "text", "published", "start", "end"),
    [
        # "from 2018 to 2022": both ends
        (
            "ja",
            "判決によると、同社は2018年から2022年にかけて排水を地面に浸透させていた。",
            date(2025, 6, 20),
            "2018-01-01",
            "2023-01-01",
        ),
        # "since 14 February" runs up to the statement: Monday 3 March, the last day included
        (
            "en",
            "The WHO said on Monday that 2,347 cases had been recorded since 14 February.",
            date(2025, 3, 5),
            "2025-02-14",
            "2025-03-04",
        ),
    ],
)
def test_periods_from_to_and_since(extractor, language, text, published, start, end):
    claims = run(extractor, text, language, published).claims
    assert claims and claims[0].event_time is not None
    assert (claims[0].event_time.start.isoformat(), claims[0].event_time.end.isoformat()) == (start, end)


def test_a_time_closing_the_content_before_the_source_dates_the_event(extractor):
    text = "A rocket placed two small satellites into orbit on Tuesday, the company said, making it the first launch."
    claims = run(extractor, text, "en", date(2026, 5, 20)).claims
    assert claims and claims[0].event_time is not None and claims[0].event_time.start == date(2026, 5, 19)


@pytest.mark.parametrize(
    ("language", "text", "described", "entity"),
    [
        (
            "en",
            "Harbrook Logistics Ltd said on Monday it had lost two contracts. Analysts at Kestrel Research "
            "said the company could cut 200 jobs next year.",
            "the company",
            "Harbrook Logistics Ltd",
        ),
        (
            "de",
            "Die Verdener Mühlenwerke GmbH meldete Kurzarbeit an. Nach Angaben der Gewerkschaft IG BCE "
            "hat der Betrieb seit März keine neuen Aufträge erhalten.",
            "der Betrieb",
            "Verdener Mühlenwerke GmbH",
        ),
        (
            "ja",
            "「ハマナ精工」は5日、工場の操業を停止すると発表した。関係者によると、同社は先月から部品不足に陥っていた。",
            "同社",
            "ハマナ精工",
        ),
        (
            "ru",
            "Иск к заводу подал Росприроднадзор. Как сообщил глава Ревдинского района Олег Смирнов, в районе "
            "закрыты две школы.",
            "районе",
            "Ревдинского района",
        ),
    ],
)
def test_a_definite_description_stands_for_the_entity_named_before(extractor, language, text, described, entity):
    found = run(extractor, text, language, date(2025, 3, 10))
    at = text.index(described, text.index(entity) + len(entity))
    (claim,) = [c for c in found.claims if c.start <= at < c.end]
    named = [
        m.entity for m in found.mentions if m.start >= text.index(entity) and m.end <= text.index(entity) + len(entity)
    ]
    assert named and named[0] in claim.entities  # the entity of the name, wherever that name's edges fall


def test_a_dateline_under_the_headline_does_not_end_the_article(extractor):
    text = (
        "Regionalzeitung Aktuell\n\nStreit um Schulbusse: Eltern im Landkreis fordern schnellere Lösung vor Gericht\n\n"
        "12.03.2025, 16:12 Uhr\n\nDie Elternvertretung hat am Dienstag Klage eingereicht, "
        "sagte ihr Sprecher Jonas Weber. "
        "Seit Januar fallen nach Angaben der Eltern jede Woche mehrere Fahrten aus.\n\n"
        "Der Landkreis wies die Vorwürfe zurück, teilte eine Sprecherin mit. Man arbeite an neuen Fahrplänen.\n"
    )
    found = run(extractor, text, "de")
    assert found.document_date.basis == "dateline" and found.document_date.value.start == date(2025, 3, 12)
    assert any("Klage eingereicht" in c.text for c in found.claims)
    assert any("Vorwürfe zurück" in c.text for c in found.claims)


def test_a_weekday_today_header_gives_no_time_expression(extractor):
    text = (
        "Сегодня: пятница, 18 октября 2024 | Кинешма\n\n"
        "Мост через Волгу закроют на ремонт, сообщили в областном департаменте дорожного хозяйства. "
        "Работы продлятся до 31 января, добавили в ведомстве.\n"
    )
    found = run(extractor, text, "ru", date(2024, 10, 17))
    assert found.time_expressions and all(t.start > text.index("Мост") for t in found.time_expressions)


@pytest.mark.parametrize(
    ("language", "text", "source_words"),
    [
        (
            "en",
            "An engineer at the plant, who was not authorised to speak publicly, said the pumps failed.",
            "engineer",
        ),
        ("es", "Un dirigente del partido que pidió no ser identificado aseguró que no habrá elecciones.", "dirigente"),
        (
            "de",
            "Ein Vertreter einer Reederei, der namentlich nicht genannt werden wollte, sagte dem NDR, "
            "zwölf Schiffe würden umgeleitet.",
            "Vertreter",
        ),
        (
            "pt",
            "Um dirigente do sindicato que pediu para não ser identificado disse que a greve continua.",
            "dirigente",
        ),
    ],
)
def test_unnamed_sources_with_their_anonymity_clause_are_the_claimant(extractor, language, text, source_words):
    (claim, *_) = run(extractor, text, language, date(2025, 5, 2)).claims
    assert source_words in claim.claimant_text
    assert claim.claimant.kind == "person"


def test_a_short_acronym_matches_only_in_capitals(extractor):
    found = run(extractor, "Un portavoz dijo que la ONU enviará ayuda, según la agencia.", "es", date(2025, 5, 2))
    un = [m for m in found.mentions if m.entity.id == "united-nations"]
    assert [m.text for m in un] == ["ONU"]


@pytest.mark.parametrize(
    ("language", "text", "published", "expression", "start"),
    [
        (
            "en",
            "She said the airline planned to fly again in September, a spokesman said.",
            date(2026, 5, 20),
            "in September",
            "2026-09-01",
        ),
        (
            "ru",
            "Число случаев может превысить сотню уже в декабре, сообщил источник ТАСС.",
            date(2024, 11, 28),
            "в декабре",
            "2024-12-01",
        ),
        ("zh", "该公司表示，计划在10月裁员约1200人。", date(2025, 8, 29), "10月", "2025-10-01"),
        # a past month in a sentence that looks ahead stays in the past when the last one is nearer
        (
            "en",
            "Sales fell in March and could fall further, the company said.",
            date(2025, 5, 20),
            "in March",
            "2025-03-01",
        ),
        # "May" the month is no modal verb
        ("en", "The agency said the launch had failed in May and August.", date(2023, 12, 13), "in May", "2023-05-01"),
    ],
)
def test_a_month_in_a_sentence_about_the_future_is_the_coming_one(
    extractor, language, text, published, expression, start
):
    found = values(run(extractor, text, language, published))
    assert found[expression][0] == start


def test_a_description_as_the_speaker_is_the_entity_named_before(extractor):
    text = (
        "한국철도공사는 25일 파업으로 열차 운행이 줄었다고 밝혔다. "
        "공사는 출퇴근 시간대 전철을 우선 배치하고 있다고 설명했다."
    )
    first, second = run(extractor, text, "ko", date(2025, 9, 26)).claims
    assert "공사" in first.claimant.name
    assert second.claimant == first.claimant


def test_a_time_set_off_by_commas_after_the_source_is_when_it_spoke(extractor):
    text = "أعلنت منظمة الصحة العالمية، يوم الاثنين، تسجيل 2347 حالة في محافظة الحديدة منذ 14 فبراير."
    (claim,) = run(extractor, text, "ar", date(2025, 3, 5)).claims
    assert claim.stated_expression == "يوم الاثنين"
    assert claim.event_time is not None and claim.event_time.start == date(2025, 2, 14)


def test_an_arabic_designator_starting_with_waw_keeps_its_first_letter(extractor):
    text = "ونقلت وكالة الأنباء اليمنية (سبأ) عن وزارة الصحة العامة والسكان قولها إن عدد الإصابات تجاوز 60.000 حالة."
    found = run(extractor, text, "ar", date(2025, 3, 5))
    assert "وزارة الصحة العامة والسكان" in [m.text for m in found.mentions]


def test_a_name_ending_in_an_organisation_word_is_whole_even_if_it_starts_with_a_country(extractor):
    text = "The quake was shallow, the US Geological Survey said on Monday, according to local media."
    found = run(extractor, text, "en", date(2025, 5, 2))
    (claim,) = found.claims
    assert claim.claimant.name == "US Geological Survey"
    assert "United States" not in [m.entity.name for m in found.mentions]


def test_an_organisation_opening_with_its_head_word_is_the_claimant_and_its_region_a_topic(extractor):
    text = (
        "Министерство образования Тамбовской области опровергло слухи о закрытии сельских школ. "
        "Управление Росгвардии по Тамбовской области сообщило, что усилило охрану."
    )
    first, second = run(extractor, text, "ru", date(2025, 2, 3)).claims
    assert first.claimant.name == "Министерство образования Тамбовской области"
    assert "Тамбовской области" in [e.name for e in first.entities] or any("Tambov" in e.name for e in first.entities)
    assert second.claimant.name == "Управление Росгвардии по Тамбовской области"


def test_a_verb_sharing_the_subject_of_an_earlier_cue_is_no_speaker_of_its_own(extractor):
    text = (
        "Los agentes revisan una excavadora de la empresa local Áridos Meruelo, según el diario El Faro. "
        "La compañía negó el martes que su excavadora hubiera causado el derrumbe y aseguró que colabora "
        "con los investigadores."
    )
    claims = run(extractor, text, "es", date(2025, 6, 11)).claims
    denial = next(c for c in claims if "negó" in c.text)
    assert denial.claimant.name == "Áridos Meruelo"
    assert "Áridos Meruelo" in [e.name for e in denial.entities]


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("it", "BRESCIA – L'Ospitaletto ha ingaggiato un nuovo allenatore, ha detto il presidente.", "Ospitaletto"),
        ("it", "Il difensore è passato all'Ospitaletto per due milioni, secondo la Gazzetta.", "Ospitaletto"),
        ("fr", "Le ministère a précisé que les ports d'Izmaïl et de Reni restaient ouverts.", "Izmaïl"),
        ("fr", "La Plataforma per l'Habitatge de la Safor a protesté, selon le journal.", None),
    ],
)
def test_names_after_an_elided_article_are_names(extractor, language, text, name):
    names = [m.text for m in run(extractor, text, language, date(2025, 6, 11)).mentions]
    if name is None:
        assert "Plataforma per l'Habitatge de la Safor" in names
    else:
        assert name in names
        assert f"L'{name}" not in names


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("ko", "강원FC 공격수 박서준(22)이 독일 구단으로 이적한다. 구단은 박서준의 이적에 합의했다.", "박서준"),
        ("ja", "警察は会社員の佐藤健一（41）を逮捕したと発表した。佐藤健一は容疑を否認している。", "佐藤健一"),
    ],
)
def test_a_name_with_the_age_in_brackets_is_a_person_named_again_later(extractor, language, text, name):
    found = run(extractor, text, language, date(2025, 7, 5))
    people = [m for m in found.mentions if m.text == name]
    assert len(people) == 2 and {m.entity.kind for m in people} == {"person"}
    assert len({m.entity.id for m in people}) == 1


def test_a_chinese_suffixed_name_ends_where_the_known_name_before_it_does(extractor):
    text = "据中国地震台网测定，云南省昭通市巧家县发生4.1级地震。"
    names = [m.text for m in run(extractor, text, "zh", date(2025, 1, 9)).mentions]
    assert "巧家县" in names


def test_a_quoted_new_name_marked_as_the_topic_is_the_speaker(extractor):
    text = "大阪市の旅行会社「ナニワトラベル」は3日、会員約12万人の住所などが流出した可能性があると発表した。"
    (claim,) = run(extractor, text, "ja", date(2025, 3, 4)).claims
    assert claim.claimant.name == "ナニワトラベル"


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        (
            "fr",
            "LILLE – Le fabricant de jouets en bois Atelier Verlaque, filiale du groupe belge Hoebeke, a annoncé "
            "lundi la fermeture de son usine de Roubaix.",
            "Atelier Verlaque",
        ),
        (
            "it",
            "Il focolaio, nei pressi della Valle Sabbia, è stato circoscritto in circa 2,5 giorni, ha precisato "
            "l'Agenzia di tutela della salute.",
            None,
        ),
    ],
)
def test_an_apposition_is_skipped_but_a_phrase_of_place_is_no_subject(extractor, language, text, speaker):
    (claim,) = run(extractor, text, language, date(2025, 3, 4)).claims
    if speaker is None:
        assert "Sabbia" not in claim.claimant.name
    else:
        assert claim.claimant.name == speaker


@pytest.mark.parametrize(
    ("language", "text", "published", "start", "end"),
    [
        # the joining word opens the second expression
        (
            "ru",
            "По словам врача, вспышка длилась с 3 марта по 20 апреля.",
            date(2025, 5, 6),
            "2025-03-03",
            "2025-04-21",
        ),
        # a forward-reading "まで" does not carry the end a year past the start
        ("ja", "保健所によると、今年2月から6月までに患者が増えた。", date(2025, 7, 2), "2025-02-01", "2025-07-01"),
    ],
)
def test_both_ends_of_a_period_share_the_start_year(extractor, language, text, published, start, end):
    (claim,) = run(extractor, text, language, published).claims
    assert claim.event_time is not None
    assert (claim.event_time.start.isoformat(), claim.event_time.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("language", "text", "published", "stated", "event_start"),
    [
        (
            "id",
            "Kementerian Pertanian, Selasa (16/9), mencatat produksi padi pada Agustus 2025 naik 4 persen.",
            date(2025, 9, 17),
            "2025-09-16",
            "2025-08-01",
        ),
        (
            "zh",
            "杭州青禾食品股份有限公司（下称“青禾食品”）15日晚间发布公告称，今年上半年公司净利润下降12%。",
            date(2025, 8, 16),
            "2025-08-15",
            "2025-01-01",
        ),
    ],
)
def test_the_statement_day_and_its_restatement_do_not_date_the_event(
    extractor, language, text, published, stated, event_start
):
    (claim,) = run(extractor, text, language, published).claims
    assert claim.stated_time is not None and claim.stated_time.start.isoformat() == stated
    assert claim.event_time is not None and claim.event_time.start.isoformat() == event_start
    assert "（" not in claim.claimant.name


def test_a_time_inside_the_quoted_words_dates_the_event_not_the_statement(extractor):
    text = '보고서는 "낙동강 유역은 지난 7월 관측 이래 최악의 가뭄을 겪었다"고 지적했다.'
    (claim,) = run(extractor, text, "ko", date(2024, 11, 7)).claims
    assert claim.stated_expression is None
    assert claim.event_time is not None and claim.event_time.start == date(2024, 7, 1)


def test_a_german_source_after_its_cue_ends_before_the_verb_and_since_is_no_statement_time(extractor):
    text = "Nach Angaben der Gewerkschaft Verdi legten seit Montagmorgen rund 900 Beschäftigte die Arbeit nieder."
    (claim,) = run(extractor, text, "de", date(2025, 3, 5)).claims
    assert claim.claimant_text == "Verdi" or claim.claimant.name.endswith("Verdi")
    assert claim.stated_expression is None
    assert claim.event_time is not None and claim.event_time.start == date(2025, 3, 3)


@pytest.mark.parametrize(
    ("language", "text", "long_name", "short"),
    [
        (
            "id",
            "Badan Meteorologi Kota Bima (BMKB) mencatat hujan lebat. BMKB menyebutkan banjir surut.",
            "Badan Meteorologi Kota Bima",
            "BMKB",
        ),
        (
            "zh",
            "温州青禾食品股份有限公司（下称“青禾”）15日发布公告称，利润下降。青禾表示将裁员。",
            "温州青禾食品股份有限公司",
            "青禾",
        ),
        (
            "ru",
            "ООО «Тверской завод насосов» (ТЗН) оштрафовали. Представители ТЗН заявили, что обжалуют решение.",
            "Тверской завод насосов",
            "ТЗН",
        ),
    ],
)
def test_a_short_form_defined_in_brackets_is_the_same_entity(extractor, language, text, long_name, short):
    found = run(extractor, text, language, date(2025, 8, 16))
    ids = {m.entity.id for m in found.mentions if m.text in (long_name, short) or long_name in m.text}
    assert len(ids) == 1
    assert sum(1 for m in found.mentions if m.text == short) >= 2


def test_a_region_in_brackets_after_a_town_is_no_short_form_of_it(extractor):
    text = "La verrerie de Blangy-sur-Bresle (Seine-Maritime) ferme, a annoncé la direction."
    found = run(extractor, text, "fr", date(2025, 8, 16))
    town = next(m for m in found.mentions if m.text == "Blangy-sur-Bresle")
    region = next(m for m in found.mentions if m.text == "Seine-Maritime")
    assert town.entity.id != region.entity.id


@pytest.mark.parametrize(
    ("language", "text", "whole", "part"),
    [
        (
            "en",
            "Kestrel Aviation cut 40 routes, Mara Quill said. Quill added that Kestrel would hire again.",
            "Mara Quill",
            "Quill",
        ),
        (
            "en",
            "Kestrel Aviation cut 40 routes, Mara Quill said. Quill added that Kestrel would hire again.",
            "Kestrel Aviation",
            "Kestrel",
        ),
        ("ru", "Об этом сообщила Елена Сорокина. По словам Сорокиной, вакцины хватит.", "Елена Сорокина", "Сорокиной"),
    ],
)
def test_one_word_of_a_longer_new_name_given_earlier_is_that_name(extractor, language, text, whole, part):
    found = run(extractor, text, language, date(2025, 8, 16))
    by_text = {m.text: m.entity.id for m in found.mentions}
    assert by_text[part] == by_text[whole]


def test_arabic_dual_designators_name_two_places_and_a_designated_name_stops_at_a_known_one(extractor):
    text = (
        "وقال مسؤول إن الأمطار قد تصل إلى محافظتي مأرب وشبوة، وإن الإمارات أرسلت مساعدات إلى قاعدة العند الجوية باليمن."
    )
    found = run(extractor, text, "ar", date(2025, 3, 5))
    names = [m.text for m in found.mentions]
    assert "مأرب" in names and "شبوة" in names
    assert "قاعدة العند الجوية" in names
    assert any(m.text == "الإمارات" and m.entity.kind == "country" for m in found.mentions)


@pytest.mark.parametrize(
    ("language", "text", "denier"),
    [
        (
            "de",
            "Die Dürre trifft die Höfe. Das Sächsische Agrarministerium wies jedoch Berichte zurück, wonach ein "
            "Hilfsprogramm beschlossen sei.",
            "Agrarministerium",
        ),
        (
            "pt",
            "A inflação subiu. O Banco Central negou que tenha havido divergência entre os diretores.",
            "Banco Central",
        ),
    ],
)
def test_an_organisation_denying_is_a_topic_of_its_denial(extractor, language, text, denier):
    found = run(extractor, text, language, date(2025, 7, 8))
    denial = next(c for c in found.claims if c.stance == "denial")
    assert denier in denial.claimant.name
    assert denial.claimant in denial.entities


def test_a_name_holding_a_word_the_article_writes_in_lower_case_is_no_persons(extractor):
    text = (
        "La verrerie a 640 salariés. Le fabricant Verrerie Dulac a annoncé la suppression de 180 de ses postes. "
        "Dulac invoque la baisse des commandes."
    )
    found = run(extractor, text, "fr", date(2025, 7, 8))
    claim = next(c for c in found.claims if "suppression" in c.text)
    assert claim.claimant.name == "Verrerie Dulac"
    assert claim.claimant in claim.entities


def test_a_chinese_name_after_its_title_is_a_person_and_the_speaker(extractor):
    text = "巧家县副县长赵明远对新华社说，地震已造成2人轻伤。赵明远表示，救援工作仍在进行。"
    found = run(extractor, text, "zh", date(2025, 1, 9))
    assert [c.claimant.name for c in found.claims] == ["赵明远", "赵明远"]
    assert {m.entity.kind for m in found.mentions if m.text == "赵明远"} == {"person"}


def test_the_end_of_a_range_is_not_read_forward_and_a_german_particle_is_no_part_of_the_source(extractor):
    found = run(extractor, "保健所によると、今年2月から6月までに患者が増えた。", "ja", date(2025, 7, 2))
    assert values(found)["6月"] == ("2025-06-01", "2025-07-01")
    (claim,) = run(
        extractor, "Die Brücke bleibt bis Ende Juni gesperrt, teilte die Stadt Leer mit.", "de", date(2025, 5, 2)
    ).claims
    assert claim.claimant_text.strip() in ("die Stadt Leer", "Stadt Leer", "Leer")


@pytest.mark.parametrize(
    ("language", "text", "speaker"),
    [
        ("pt", "Para o economista-chefe da Lastro Capital, Rui Moraes, a inflação deve ceder em abril.", "Rui Moraes"),
        ("fr", "Pour l'association Rivières Vives, la mesure reste insuffisante.", "Rivières Vives"),
        ("pt", "Em nota, o colegiado afirmou que a inflação pode demorar mais a ceder.", "o colegiado"),
    ],
)
def test_an_opening_for_whom_phrase_and_a_description_after_an_adverbial_are_sources(
    extractor, language, text, speaker
):
    (claim,) = run(extractor, text, language, date(2025, 12, 11)).claims
    assert speaker in (claim.claimant_text or "")


def test_for_a_country_is_no_source(extractor):
    assert run(extractor, "Para o Brasil, a medida é boa.", "pt", date(2025, 12, 11)).claims == []


def test_an_inverted_pronoun_cue_refers_to_the_subject_opening_the_sentence(extractor):
    text = "MONTPELLIER – L'agence Santé Occitanie a recensé 12 cas de rougeole, a-t-elle annoncé mardi."
    (claim,) = run(extractor, text, "fr", date(2025, 9, 3)).claims
    assert claim.claimant.name == "Santé Occitanie"


def test_two_times_side_by_side_without_a_joining_word_are_no_period(extractor):
    # the second expression opens with no joining word: nothing to join, and nothing breaks
    claims = run(extractor, "The ministry said exports fell in March 2024 last year.", "en", date(2025, 3, 5)).claims
    assert [c.claimant.name for c in claims] != []


def test_a_denial_cue_is_a_word_not_part_of_one(extractor):
    text = "L'Agence régionale de santé Occitanie a recensé 12 cas de rougeole, a-t-elle annoncé mardi."
    (claim,) = run(extractor, text, "fr", date(2025, 9, 3)).claims
    assert claim.stance == "asserted"
    (denial,) = run(extractor, "В Кремле отвергли эти обвинения, сообщил Песков.", "ru", date(2025, 9, 3)).claims
    assert denial.stance == "denial"


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        (
            "it",
            "Il Pil è cresciuto del 3,7%, ha reso noto l'Ufficio nazionale di statistica (Nbs).",
            "Ufficio nazionale di statistica",
        ),
        ("fr", "L'épidémie progresse, selon l'Agence régionale de santé (ARS).", "Agence régionale de santé"),
    ],
)
def test_a_romance_institution_runs_over_its_lower_case_words_to_its_acronym(extractor, language, text, name):
    (claim,) = run(extractor, text, language, date(2025, 3, 5)).claims
    assert claim.claimant.name == name


@pytest.mark.parametrize(
    ("language", "text", "name", "description"),
    [
        (
            "en",
            "Engineers closed the Harwick Mill Footbridge on Monday after finding a crack in its deck. The town "
            "council said on Tuesday that the footbridge would stay shut until the summer.",
            "Harwick Mill Footbridge",
            "the footbridge",
        ),
        (
            "fr",
            "Le festival Les Voix du Causse a été annulé mardi faute de financement. Selon la préfecture, le "
            "festival avait pourtant reçu une aide de l'État l'an dernier.",
            "Voix du Causse",
            "le festival",
        ),
        (
            "es",
            "La fundición Metales Orbayu cerró el lunes su planta de Avilés. Según el sindicato, la fundición "
            "debe tres nóminas a sus 240 trabajadores.",
            "Metales Orbayu",
            "la fundición",
        ),
        (
            "it",
            "Il caseificio Valle Serena di Borgonovo ha chiuso lunedì. Secondo la Coldiretti, il caseificio "
            "aveva debiti per 2 milioni di euro.",
            "Valle Serena",
            "il caseificio",
        ),
        (
            "pt",
            "A ponte Ribeira Funda foi interditada na segunda-feira. Segundo a Defesa Civil, a ponte apresenta "
            "rachaduras em dois pilares.",
            "Ribeira Funda",
            "a ponte",
        ),
        (
            "de",
            "Die Talbrücke Erlengrund wurde am Montag gesperrt. Nach Angaben der Landesbehörde ist die Brücke "
            "marode und muss ersetzt werden.",
            "Erlengrund",
            "die Brücke",
        ),
    ],
)
def test_a_noun_after_an_article_stands_for_the_name_that_holds_it(extractor, language, text, name, description):
    """'the footbridge' after 'Harwick Mill Footbridge', 'le festival' after 'Le festival Les Voix du Causse':
    a claim that only describes the named thing is about it."""
    found = run(extractor, text, language, date(2026, 3, 18))
    describing = [c for c in found.claims if description.lower() in c.text.lower() and name not in c.text]
    assert describing
    for claim in describing:
        assert any(name in e.name for e in claim.entities), (claim.text, [e.name for e in claim.entities])


def test_a_noun_after_an_article_matching_no_name_stands_for_nothing(extractor):
    text = (
        "The Harwick Mill Footbridge was closed on Monday. The council said the meeting on Tuesday would "
        "decide the budget, a spokesman said."
    )
    found = run(extractor, text, "en", date(2026, 3, 18))
    claim = next(c for c in found.claims if "the meeting" in c.text)
    assert all("Footbridge" not in e.name for e in claim.entities)


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        (
            "fr",
            "Le musée Lenoir-Dufresne de Saint-Vallier a fermé ses portes lundi, a annoncé la mairie. Selon la "
            "mairie, le musée rouvrira au printemps.",
            "musée Lenoir-Dufresne",
        ),
        (
            "it",
            "Il reparto di pediatria dell'ospedale di Valcastello chiuderà di notte, ha detto la Asl. Secondo il "
            "sindacato, l'ospedale perde due medici.",
            "ospedale di Valcastello",
        ),
        (
            "pt",
            "O trânsito na ponte Arroio Seco foi interrompido na segunda-feira, informou a prefeitura. Segundo a "
            "Defesa Civil, a ponte tem rachaduras.",
            "ponte Arroio Seco",
        ),
    ],
)
def test_a_lower_case_noun_before_a_name_is_part_of_it(extractor, language, text, name):
    """'le musée Lenoir-Dufresne', "l'ospedale di Valcastello": the institution's noun belongs to its name,
    and the noun alone later stands for it."""
    found = run(extractor, text, language, date(2026, 3, 18))
    assert any(m.entity.name.startswith(name) for m in found.mentions)
    later = [c for c in found.claims if name not in c.text]
    assert later
    for claim in later:
        assert any(e.name.startswith(name) for e in claim.entities), (claim.text, [e.name for e in claim.entities])


@pytest.mark.parametrize(
    ("language", "text", "publisher"),
    [
        (
            "es",
            "Los alquileres subieron un 9 %, según el informe anual publicado el lunes por la consultora Habitia. "
            "«La oferta no crece», señala el documento.",
            "Habitia",
        ),
        (
            "en",
            "Rents rose 9%, according to an annual report published on Monday by the consultancy Northfield "
            "Partners. The document says supply is not growing.",
            "Northfield Partners",
        ),
        (
            "pt",
            "As rendas subiram 9%, segundo o relatório anual divulgado na segunda-feira pela consultora Casaviva. "
            "A oferta não cresce, afirma o documento.",
            "Casaviva",
        ),
    ],
)
def test_a_report_published_by_someone_is_theirs_and_so_is_the_document(extractor, language, text, publisher):
    """'según el informe anual publicado el lunes por la consultora Habitia': Habitia is the source, and
    'el documento' later is its report."""
    found = run(extractor, text, language, date(2026, 3, 18))
    assert len(found.claims) == 2
    for claim in found.claims:
        assert claim.claimant is not None and publisher in claim.claimant.name, (claim.text, claim.claimant)


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "Die Verteidigerin Anna Keller bestritt zum Auftakt, dass ihr Mandant die Shops betrieben habe.",
            "Anna Keller",
        ),
        ("Deutschland kündigte in Vilnius ein weiteres Paket im Wert von 800 Millionen Euro an.", "Germany"),
    ],
)
def test_a_german_prepositional_phrase_after_the_verb_is_no_source(extractor, text, claimant):
    """'bestritt zum Auftakt', 'kündigte in Vilnius … an': the speaker is the subject before the verb."""
    found = run(extractor, text, "de", date(2026, 3, 18))
    assert [c.claimant.name for c in found.claims] == [claimant]


def test_the_study_in_german_is_the_last_named_source(extractor):
    text = (
        "Das Forschungsinstitut Agrolab hat eine Untersuchung zur Dürre vorgelegt. Nach Angaben von Agrolab fiel "
        "im Juni kaum Regen. In den vergangenen sieben Jahren seien nur zwei Ernten gut ausgefallen, heißt es in "
        "der Untersuchung."
    )
    found = run(extractor, text, "de", date(2026, 3, 18))
    last = next(c for c in found.claims if "heißt es" in c.text)
    assert last.claimant.name == "Agrolab"


def test_a_korean_report_with_a_quoted_title_is_its_publishers(extractor):
    text = "한국감정원이 지난 16일 발표한 '2025년 1분기 주택 가격 동향'에 따르면 아파트 가격은 2.1% 올랐다."
    found = run(extractor, text, "ko", date(2025, 4, 17))
    assert [c.claimant.name for c in found.claims] == ["한국감정원"]


@pytest.mark.parametrize(
    ("language", "text", "claimant"),
    [
        (
            "fr",
            "Dans un communiqué diffusé jeudi, le conseil régional affirme n'avoir jamais réduit son soutien.",
            "le conseil régional",
        ),
        (
            "es",
            "En un comunicado, la empresa constructora asegura no haber recibido la denuncia.",
            "la empresa",
        ),
    ],
)
def test_a_description_with_an_adjective_speaks_and_an_infinitive_is_no_source(extractor, language, text, claimant):
    """'le conseil régional affirme n'avoir …': the council speaks; "n'avoir …" after the verb is what it says."""
    found = run(extractor, text, language, date(2026, 4, 9))
    assert [c.claimant.name for c in found.claims] == [claimant]


def test_a_cue_inside_a_longer_cue_is_none(extractor):
    """'他辩称' is 'he argued' (辩称), not '他辩' + 'said' (称): the pronoun speaks and stands for Zhou."""
    text = "法院审理了周某涉嫌诈骗一案，周某表示认罪。他辩称，公司资金链在2023年第一季度突然断裂。"
    found = run(extractor, text, "zh", date(2025, 4, 23))
    claim = next(c for c in found.claims if "资金链" in c.text)
    assert claim.cue == "辩称"
    assert claim.claimant is not None and "辩" not in claim.claimant.name


def test_the_document_in_russian_is_the_last_named_source(extractor):
    text = (
        "Профсоюз медработников направил обращение губернатору, сообщил профсоюз. Согласно документу, "
        "зарплаты не индексировались пять лет."
    )
    found = run(extractor, text, "ru", date(2025, 2, 13))
    last = next(c for c in found.claims if "Согласно документу" in c.text)
    assert last.claimant.name.lower() == "профсоюз"


@pytest.mark.parametrize(
    ("language", "text", "later", "day"),
    [
        (
            "fr",
            "Le musée a été cambriolé dans la nuit de samedi à dimanche, selon le parquet. Les voleurs ont "
            "forcé une porte, a précisé le parquet.",
            "Les voleurs",
            date(2026, 3, 14),
        ),
        (
            "es",
            "Unas 3.000 personas se manifestaron el pasado sábado en Gata, según la organización. La Delegación "
            "del Gobierno cifró la asistencia en 1.200 personas.",
            "La Delegación",
            date(2026, 3, 14),
        ),
    ],
)
def test_a_sentence_without_a_time_goes_on_with_the_event_before_it(extractor, language, text, later, day):
    """The next sentence of the paragraph, with no time of its own, tells of the same event."""
    found = run(extractor, text, language, date(2026, 3, 18))
    claim = next(c for c in found.claims if c.text.startswith(later))
    assert claim.event_time is not None and claim.event_time.start == day


def test_a_new_paragraph_or_a_period_since_is_no_event_to_go_on_with(extractor):
    text = (
        "Seit Februar 2022 haben die USA der Ukraine Hilfe geleistet, teilte das Ministerium mit. Deutschland "
        "kündigte ein weiteres Paket an, sagte ein Sprecher.\n\nDer Verband kritisierte am Montag die Pläne, "
        "sagte sein Sprecher.\n\nDie Stadt lehnte die Pläne ab, teilte die Stadt mit."
    )
    found = run(extractor, text, "de", date(2026, 3, 18))
    assert next(c for c in found.claims if c.text.startswith("Deutschland")).event_time is None
    assert next(c for c in found.claims if c.text.startswith("Die Stadt")).event_time is None


def test_claims_are_about_the_entity_the_lede_names_and_the_article_comes_back_to(extractor):
    text = (
        "ROUEN — Le musée Lenoir-Dufresne a été cambriolé dans la nuit de samedi à dimanche, a annoncé la "
        "préfecture.\n\n"
        "Selon le parquet, les voleurs ont emporté douze tableaux. Le musée Lenoir-Dufresne restera fermé "
        "une semaine, a indiqué la mairie.\n\n"
        "Les enquêteurs ont relevé des empreintes, a précisé le parquet. Le musée avait déjà été visé en "
        "2019, selon la mairie.\n"
    )
    found = run(extractor, text, "fr", date(2026, 3, 18))
    thieves = next(c for c in found.claims if "voleurs" in c.text)
    assert any("Lenoir-Dufresne" in e.name for e in thieves.entities)
    assert all(e.name != "Rouen" for c in found.claims for e in c.entities if "ROUEN" not in c.text)


def test_an_article_without_a_recurring_lede_entity_has_no_topic(extractor):
    text = (
        "Le musée Lenoir-Dufresne a été cambriolé dimanche, a annoncé la préfecture.\n\n"
        "Selon le parquet, les voleurs ont emporté douze tableaux.\n"
    )
    found = run(extractor, text, "fr", date(2026, 3, 18))
    thieves = next(c for c in found.claims if "voleurs" in c.text)
    assert all("Lenoir-Dufresne" not in e.name for e in thieves.entities)


def test_an_arabic_dual_designator_names_two_places_the_first_of_several_words(extractor):
    text = "شهدت محافظتا ذي قار والبصرة انقطاعا شاملا للتيار الكهربائي، وفق ما أعلنت وزارة الكهرباء."
    found = run(extractor, text, "ar", date(2025, 8, 12))
    names = {m.text for m in found.mentions}
    assert "ذي قار" in names and any(n.endswith("البصرة") for n in names)
