"""Time expressions whose words mean something else nearby, through the pure Python API: periods ending
with a month ("in the 12 months to November"), the two ends of a range of months ("4月から9月まで"),
Indonesian "minggu" (a week, or Sunday), "the last year of his presidency", Cyrillic month stems inside
ordinary words ("трава"), quarters of a game, Japanese, Chinese and Korean business quarters and German
weekdays with the part of the day written on ("Dienstagmorgen").

Every expected value is worked out by hand from the document date given with it."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.data import gazetteer_records
from timeline.domain.model import ArticleInput, TimeExpression
from timeline.extract import Extractor

DCT = date(2025, 12, 10)  # a Wednesday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(gazetteer_records())


def times(extractor: Extractor, text: str, language: str, published: date) -> list[TimeExpression]:
    article = ArticleInput(text=text, source="t.txt", language=language, published_at=published)
    return extractor.extract(article).time_expressions


def values(extractor: Extractor, text: str, language: str, published: date) -> list[tuple[str, str, str]]:
    """(text, start, end) of every time expression, in order."""
    out = []
    for t in times(extractor, text, language, published):
        assert t.value is not None, t
        out.append((t.text.rstrip("."), t.value.start.isoformat(), t.value.end.isoformat()))
    return out


# 1. N units ending with a month: one expression, [month - N + 1, month + 1), the month the latest such one
# that has begun by the document date (November 2025 on 10 December 2025; November 2024 on 20 October 2025)
@pytest.mark.parametrize(
    ("language", "text", "published", "expression", "expected"),
    [
        (
            "en",
            "Inflation was 3.1% in the 12 months to November, the office said.",
            DCT,
            "12 months to November",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "en",
            "Sales rose 4% in the year to March, the company said.",
            DCT,
            "year to March",
            ("2024-04-01", "2025-04-01"),
        ),
        (
            "en",
            "Wages grew in the three months to November, the survey found.",
            date(2025, 10, 20),
            "three months to November",
            ("2024-09-01", "2024-12-01"),
        ),
        (
            "en",
            "Prices rose 2% in the 12 months to November 2023, the office said.",
            DCT,
            "November 2023",
            ("2022-12-01", "2023-12-01"),
        ),
        (
            "pt",
            "O IPCA subiu 4,5% nos 12 meses encerrados em novembro, segundo o IBGE.",
            DCT,
            "12 meses encerrados em novembro",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "pt",
            "A inflação acumulada nos 12 meses até novembro ficou em 4,5%.",
            DCT,
            "12 meses até novembro",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "es",
            "Los precios subieron un 3% en los 12 meses hasta noviembre, según el INE.",
            DCT,
            "12 meses hasta noviembre",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "de",
            "Die Mieten stiegen in den zwölf Monaten bis November um 4 Prozent.",
            DCT,
            "zwölf Monaten bis November",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "fr",
            "Les loyers ont augmenté de 4 % sur les douze mois jusqu'à novembre.",
            DCT,
            "douze mois jusqu'à novembre",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "it",
            "Gli affitti sono saliti del 4% nei 12 mesi fino a novembre.",
            DCT,
            "12 mesi fino a novembre",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "ru",
            "Цены на жильё выросли на 8% за 12 месяцев по ноябрь.",
            DCT,
            "12 месяцев по ноябрь",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "uk",
            "Ціни на житло зросли на 8% за дванадцять місяців до листопада.",
            DCT,
            "дванадцять місяців до листопада",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "id",
            "Harga beras naik 3% dalam 12 bulan hingga November, kata BPS.",
            DCT,
            "12 bulan hingga November",
            ("2024-12-01", "2025-12-01"),
        ),
        (
            "vi",
            "Giá thuê nhà tăng 3% trong 12 tháng tính đến tháng 11.",
            DCT,
            "12 tháng tính đến tháng 11",
            ("2024-12-01", "2025-12-01"),
        ),
        ("ar", "ارتفعت الإيجارات 3% في الأشهر الـ12 حتى نوفمبر.", DCT, "حتى نوفمبر", ("2024-12-01", "2025-12-01")),
        ("ja", "家賃は11月までの12カ月間で3%上がった。", DCT, "11月までの12カ月間", ("2024-12-01", "2025-12-01")),
        ("zh", "截至11月的12个月里，房租上涨3%。", DCT, "截至11月的12个月", ("2024-12-01", "2025-12-01")),
        ("ko", "집세는 11월까지 12개월 동안 3% 올랐다.", DCT, "11월까지 12개월", ("2024-12-01", "2025-12-01")),
    ],
)
def test_a_period_ending_with_a_month_is_one_interval(extractor, language, text, published, expression, expected):
    found = values(extractor, text, language, published)
    hits = [(start, end) for t, start, end in found if expression in t]
    assert hits == [expected], found
    assert len(found) == 1, found  # the month is no time expression of its own


# 2. a range of months: the end is the first such month from the start on (a future marker on it, "まで",
# "bis", "до", "hingga", does not move it a year on), and a start without a year takes the end's
@pytest.mark.parametrize(
    ("language", "text", "published", "expected"),
    [
        ("ja", "調査は4月から9月まで行われた。", DCT, [("4月", "2025-04-01"), ("9月", "2025-09-01")]),
        ("ja", "調査は4月から9月まで行われた。", date(2025, 6, 10), [("4月", "2025-04-01"), ("9月", "2025-09-01")]),
        ("ja", "工事は4月から9月まで続く予定だ。", date(2025, 3, 10), [("4月", "2025-04-01"), ("9月", "2025-09-01")]),
        ("ja", "調査は11月から2月まで行われた。", date(2025, 3, 10), [("11月", "2024-11-01"), ("2月", "2025-02-01")]),
        (
            "en",
            "The survey ran from April to September, the agency said.",
            date(2025, 6, 10),
            [("from April", "2025-04-01"), ("September", "2025-09-01")],
        ),
        (
            "en",
            "The survey ran from April to September 2024, the agency said.",
            DCT,
            [("from April", "2024-04-01"), ("September 2024", "2024-09-01")],
        ),
        (
            "ru",
            "Опрос проводился с апреля по сентябрь.",
            date(2025, 6, 10),
            [("с апреля", "2025-04-01"), ("сентябрь", "2025-09-01")],
        ),
        (
            "uk",
            "Опитування тривало з квітня до вересня.",
            DCT,
            [("з квітня", "2025-04-01"), ("до вересня", "2025-09-01")],
        ),
        (
            "de",
            "Die Umfrage lief von April bis September.",
            DCT,
            [("April", "2025-04-01"), ("bis September", "2025-09-01")],
        ),
        (
            "es",
            "La encuesta se realizó de abril a septiembre.",
            date(2025, 6, 10),
            [("abril", "2025-04-01"), ("septiembre", "2025-09-01")],
        ),
        (
            "fr",
            "L'enquête a duré d'avril à septembre.",
            date(2025, 6, 10),
            [("avril", "2025-04-01"), ("septembre", "2025-09-01")],
        ),
        (
            "id",
            "Survei berlangsung dari April hingga September.",
            DCT,
            [("April", "2025-04-01"), ("hingga September", "2025-09-01")],
        ),
        (
            "vi",
            "Khảo sát diễn ra từ tháng 4 đến tháng 9.",
            DCT,
            [("từ tháng 4", "2025-04-01"), ("đến tháng 9", "2025-09-01")],
        ),
        ("ko", "조사는 4월부터 9월까지 진행됐다.", date(2025, 6, 10), [("4월", "2025-04-01"), ("9월", "2025-09-01")]),
    ],
)
def test_the_two_ends_of_a_range_of_months(extractor, language, text, published, expected):
    found = values(extractor, text, language, published)
    assert [(t, start) for t, start, _end in found] == expected


@pytest.mark.parametrize(
    ("language", "text", "published", "expected"),
    [
        # "5 January" alone is the one nearest the document date (2026); after its start, the one after that
        (
            "en",
            "The strike ran from 20 December 2024 to 5 January, the union said.",
            DCT,
            [("from 20 December 2024", "2024-12-20"), ("5 January", "2025-01-05")],
        ),
        (
            "ru",
            "Забастовка длилась с 20 декабря 2024 г. по 5 января.",
            DCT,
            [("с 20 декабря 2024 г", "2024-12-20"), ("по 5 января", "2025-01-05")],
        ),
        # an end before its start in the same month is no year later: it keeps the start's year
        (
            "ru",
            "Грузы доставлялись с 18 сентября 2021 г. по 2 сентября.",
            date(2021, 10, 5),
            [("с 18 сентября 2021 г", "2021-09-18"), ("по 2 сентября", "2021-09-02")],
        ),
    ],
)
def test_the_two_ends_of_a_range_of_days(extractor, language, text, published, expected):
    found = values(extractor, text, language, published)
    assert [(t, start) for t, start, _end in found] == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The survey ran from April to September, the ministry said."),
        ("ja", "財務省によると、調査は4月から9月まで行われた。"),
    ],
)
def test_a_range_of_months_dates_the_claims_event(extractor, language, text):
    article = ArticleInput(text=text, source="t.txt", language=language, published_at=date(2025, 6, 10))
    claims = extractor.extract(article).claims
    assert len(claims) == 1
    event = claims[0].event_time
    assert event is not None
    assert (event.start, event.end) == (date(2025, 4, 1), date(2025, 10, 1))


# 3. Indonesian "minggu" is Sunday and week: after a number or before lalu/depan/ini it is the week
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harga beras naik selama 3 minggu, kata pejabat itu.", []),
        ("Sudah tiga minggu sejak banjir itu melanda.", []),
        ("Harga beras naik dalam dua minggu terakhir, kata pejabat itu.", [("2025-11-26", "2025-12-10")]),
        ("Harga beras naik dua pekan terakhir, kata pejabat itu.", [("2025-11-26", "2025-12-10")]),
        ("Presiden bertemu menteri minggu lalu, kata juru bicara.", [("2025-12-01", "2025-12-08")]),
        ("Menteri akan berkunjung minggu depan ke Bali.", [("2025-12-15", "2025-12-22")]),
        ("Rapat digelar minggu ini di Jakarta.", [("2025-12-08", "2025-12-15")]),
        ("Harga naik setiap minggu dan beberapa minggu terakhir.", []),
        ("Pada minggu kedua bulan itu harga naik.", []),
        # with its own word "hari", and capitalised before a date, it is Sunday
        ("Rapat digelar pada hari Minggu di Jakarta.", [("2025-12-07", "2025-12-08")]),
        ("Banjir terjadi hari Minggu lalu di Jakarta.", [("2025-12-07", "2025-12-08")]),
    ],
)
def test_indonesian_minggu_after_a_number_is_a_week(extractor, text, expected):
    found = values(extractor, text, "id", DCT)
    assert [(start, end) for _t, start, end in found] == expected, found


# 4. "the last year of his presidency" is no "last year", in every language; the same words alone are
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Trade grew in the last year of his presidency, the report said."),
        ("en", "During the last year of the war, prices doubled."),
        ("fr", "Les ventes ont chuté la dernière année de son mandat."),
        ("fr", "Au cours de la dernière année de son mandat, les prix ont doublé."),
        ("es", "Las ventas cayeron el último año de su mandato."),
        ("es", "Durante el último año de su mandato, los precios se duplicaron."),
        ("de", "Der Handel wuchs im letzten Jahr seiner Amtszeit."),
        ("it", "Le vendite sono calate l'ultimo anno di mandato."),
        ("it", "Nell'ultimo anno del suo mandato i prezzi sono raddoppiati."),
        ("pt", "As vendas caíram o último ano de seu mandato."),
        ("pt", "No último ano do seu mandato, os preços dobraram."),
        ("ru", "Торговля росла в последний год его президентства."),
        ("ru", "За последний год его правления цены удвоились."),
        ("uk", "За останній рік його правління ціни подвоїлися."),
    ],
)
def test_the_last_year_of_something_is_no_date(extractor, language, text):
    assert values(extractor, text, language, DCT) == []


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Sales fell last year, the report said.", ("2024-01-01", "2025-01-01")),
        ("de", "Der Handel wuchs im letzten Jahr deutlich.", ("2024-01-01", "2025-01-01")),
        ("en", "Over the last year, prices doubled.", ("2024-12-10", "2025-12-10")),
        ("fr", "Au cours de la dernière année, les prix ont doublé.", ("2024-12-10", "2025-12-10")),
        ("ru", "За последний год цены удвоились.", ("2024-12-10", "2025-12-10")),
        ("uk", "За останній рік ціни подвоїлися.", ("2024-12-10", "2025-12-10")),
    ],
)
def test_last_year_alone_is_still_read(extractor, language, text, expected):
    assert [(start, end) for _t, start, end in values(extractor, text, language, DCT)] == [expected]


# 5. Cyrillic months take their case endings, not any word that starts like them
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("uk", "Діти гралися у траві, а до квітки летіла бджола.", []),
        ("uk", "Ми стояли з квітами у березі, з жовтим листям, до грудей у воді.", []),
        ("ru", "Дети играли в траве, а с мартышкой гуляли до декабриста.", []),
        ("uk", "Трава зеленіла у травні, а сади цвіли в квітні.", ["2025-05-01", "2025-04-01"]),
        (
            "uk",
            "На початку листопада і в листопаді, а також у лютому ціни росли.",
            ["2025-11-01", "2025-11-01", "2025-02-01"],
        ),
        ("uk", "Відтоді як у січні і з березня ціни росли.", ["2025-01-01", "2025-03-01"]),
        (
            "ru",
            "Цены росли в январе, в марте, в августе и в мае.",
            ["2025-01-01", "2025-03-01", "2025-08-01", "2025-05-01"],
        ),
        ("ru", "Трава зеленела в сентябре, а в октябре пожелтела.", ["2025-09-01", "2025-10-01"]),
    ],
)
def test_cyrillic_month_stems_do_not_match_ordinary_words(extractor, language, text, expected):
    assert [start for _t, start, _end in values(extractor, text, language, DCT)] == expected


# 6. a quarter in a sentence about a game is a quarter of the game, unless a word of the year's accounts
# stands nearer to it than the game's words
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The Lakers led 80-75 entering the fourth quarter, with three minutes left."),
        ("en", "James scored 12 points in the fourth quarter as the Lakers won the game."),
        ("de", "Im vierten Viertel erzielte Schröder zwölf Punkte."),
        ("de", "Im vierten Quartal erzielte die Mannschaft 30 Punkte."),
        ("es", "En el último cuarto, los Lakers anotaron 30 puntos."),
        ("ru", "В четвертом квартале матча команда набрала 30 очков."),
        ("uk", "У четвертому кварталі матчу команда набрала 30 очок."),
    ],
)
def test_a_quarter_of_a_game_is_no_quarter_of_the_year(extractor, language, text):
    assert [t.text for t in times(extractor, text, language, DCT) if t.kind == "quarter"] == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Earnings in the fourth quarter beat forecasts as the firm scored a record profit."),
        ("en", "Fourth-quarter profit rose, but the team lost the match."),
        ("en", "The company's revenue rose 5% in the fourth quarter, it said."),
        ("de", "Der Umsatz stieg im vierten Quartal, obwohl der Verein das Spiel verlor."),
        ("ru", "В четвертом квартале выручка клуба выросла, хотя команда проиграла матч."),
    ],
)
def test_a_quarter_near_the_accounts_stays_a_quarter_of_the_year(extractor, language, text):
    found = [
        (t.value.start.isoformat(), t.value.end.isoformat())
        for t in times(extractor, text, language, DCT)
        if t.kind == "quarter" and t.value is not None
    ]
    assert found == [("2025-10-01", "2026-01-01")]


# 7. business quarters written alone in Japanese, Chinese and Korean: the latest that has begun by the
# document date; a Japanese fiscal year ("2024年度", "2026年3月期") moves the quarter to its months
@pytest.mark.parametrize(
    ("language", "text", "published", "expected"),
    [
        ("ja", "第1四半期の営業利益は前年同期比20%増えた。", DCT, ("2025-01-01", "2025-04-01")),
        ("ja", "同社の第3四半期決算は増益だった。", date(2025, 8, 29), ("2025-07-01", "2025-10-01")),
        ("ja", "同社の第3四半期決算は増益だった。", date(2025, 6, 20), ("2024-07-01", "2024-10-01")),
        ("ja", "4〜6月期の実質GDPは年率2.2%増だった。", DCT, ("2025-04-01", "2025-07-01")),
        ("ja", "4〜6月期の実質GDPは年率2.2%増だった。", date(2025, 2, 10), ("2024-04-01", "2024-07-01")),
        ("ja", "トヨタの第1四半期（4～6月）の営業利益は減った。", DCT, ("2025-04-01", "2025-07-01")),
        ("ja", "2024年度第4四半期の売上高は増えた。", DCT, ("2025-01-01", "2025-04-01")),
        ("ja", "2026年3月期第1四半期の営業利益は減った。", DCT, ("2025-04-01", "2025-07-01")),
        ("zh", "第一季度国内生产总值同比增长5.4%。", DCT, ("2025-01-01", "2025-04-01")),
        ("zh", "一季度国内生产总值同比增长5.4%。", date(2025, 2, 10), ("2025-01-01", "2025-04-01")),
        ("ko", "1분기 영업이익은 20% 늘었다.", DCT, ("2025-01-01", "2025-04-01")),
        ("ko", "4분기 영업이익은 20% 늘었다.", date(2025, 8, 29), ("2024-10-01", "2025-01-01")),
    ],
)
def test_business_quarters_written_alone(extractor, language, text, published, expected):
    found = [
        (t.value.start.isoformat(), t.value.end.isoformat())
        for t in times(extractor, text, language, published)
        if t.kind == "quarter" and t.value is not None
    ]
    assert found == [expected]


# 8. German weekdays with the part of the day written on: that weekday, on or before the document date
@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("Der Umsatz stieg am Dienstagmorgen um 5 Prozent, teilte die Firma mit.", "Dienstagmorgen", "2025-12-09"),
        ("Am Montagabend sagte der Minister, er trete zurück.", "Montagabend", "2025-12-08"),
        ("Der Streik begann Mittwochnachmittag in Berlin.", "Mittwochnachmittag", "2025-12-10"),
        ("Freitagvormittag wurde das Gebäude geräumt.", "Freitagvormittag", "2025-12-05"),
        ("Seit Samstagnacht ist die Straße gesperrt.", "Samstagnacht", "2025-12-06"),
    ],
)
def test_german_weekday_compounds(extractor, text, expression, expected):
    found = values(extractor, text, "de", DCT)
    assert [(start) for t, start, _end in found if expression in t] == [expected], found
